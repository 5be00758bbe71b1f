/// Numbers written into generated CUDA C. Swift's `description` of a Double is the shortest text
/// that reads back to the same bits and never depends on the C locale (a decimal comma turned
/// `0.5` into `0,5` in a simulator's generated code once: GeNN #467); infinities and NaN, which
/// C has no literal for, are written as bit patterns.
public enum CUDALiteral {
    public static func double(_ x: Double) -> String {
        if x.isNaN || x.isInfinite { return "__longlong_as_double(0x\(String(x.bitPattern, radix: 16, uppercase: true))LL)" }
        let text = x.description
        // "1e-05" and "3.0" are both valid C doubles; "5" (from integer-valued descriptions) is not written by Swift.
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    public static func float(_ x: Float) -> String {
        if x.isNaN || x.isInfinite { return "__int_as_float(0x\(String(x.bitPattern, radix: 16, uppercase: true)))" }
        let text = x.description
        return (text.contains(".") || text.contains("e") ? text : text + ".0") + "f"
    }
}
