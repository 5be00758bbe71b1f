/// NumPy's `.npy` format, version 1.0 (numpy/neps/nep-0001-npy-format): the magic string
/// `\x93NUMPY`, the version bytes 1 0, a little-endian UInt16 header length, then an ASCII Python
/// dict literal `{'descr': …, 'fortran_order': False, 'shape': (n,), }` padded with spaces and
/// ended by `\n` so that the data starts at a multiple of 64 bytes; then the raw records.
/// Version 2.0 (a UInt32 length) is used only when the header does not fit in 65535 bytes.
///
/// Hibana writes one-dimensional structured arrays: one record per event or sample, one field per
/// column, all little-endian.
enum NpyFormat {
    /// A field of a structured array.
    struct Field: Equatable {
        var name: String
        var type: FieldType
    }

    enum FieldType: String {
        case int64 = "<i8"
        case float64 = "<f8"

        var size: Int { 8 }
    }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Data starts at a multiple of this many bytes (NumPy's ARRAY_ALIGN).
    static let alignment = 64

    /// The header dict as NumPy writes it: keys sorted, a trailing ", " before the brace.
    static func dictionary(fields: [Field], count: Int) -> String {
        let descr = fields.map { "(\(pythonString($0.name)), '\($0.type.rawValue)')" }.joined(separator: ", ")
        return "{'descr': [\(descr)], 'fortran_order': False, 'shape': (\(count),), }"
    }

    /// Everything before the first record: magic, version, header length, padded dict.
    static func header(fields: [Field], count: Int) -> [UInt8] {
        let dict = Array(dictionary(fields: fields, count: count).utf8)
        var version: UInt8 = 1
        var lengthBytes = 2
        var total = magic.count + 2 + lengthBytes + dict.count + 1
        var padded = (total + alignment - 1) / alignment * alignment
        if padded - magic.count - 2 - lengthBytes > Int(UInt16.max) {
            version = 2
            lengthBytes = 4
            total = magic.count + 2 + lengthBytes + dict.count + 1
            padded = (total + alignment - 1) / alignment * alignment
        }
        let headerLength = padded - magic.count - 2 - lengthBytes
        var bytes = magic + [version, 0]
        for i in 0..<lengthBytes { bytes.append(UInt8((headerLength >> (8 * i)) & 0xFF)) }
        bytes += dict
        bytes += Array(repeating: UInt8(ascii: " "), count: headerLength - dict.count - 1)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// A Python string literal (single quotes, backslash escapes).
    static func pythonString(_ s: String) -> String {
        var out = "'"
        for c in s.unicodeScalars {
            switch c {
            case "'": out += "\\'"
            case "\\": out += "\\\\"
            case _ where c.value < 0x20 || c.value > 0x7E:
                let hex = String(c.value, radix: 16)
                out += c.value <= 0xFF ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                    : "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "'"
    }
}
