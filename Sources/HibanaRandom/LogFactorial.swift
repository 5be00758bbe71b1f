#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ln(k!) for k = 0..<32, from exact integer factorials (correctly rounded by the host's `log`).
let logFactorialTable: [Double] = [
    0, 0, 0.6931471805599453, 1.791759469228055,
    3.1780538303479458, 4.787491742782046, 6.579251212010101, 8.525161361065415,
    10.60460290274525, 12.801827480081469, 15.104412573075516, 17.502307845873887,
    19.987214495661885, 22.552163853123425, 25.19122118273868, 27.89927138384089,
    30.671860106080672, 33.50507345013689, 36.39544520803305, 39.339884187199495,
    42.335616460753485, 45.38013889847691, 48.47118135183523, 51.60667556776438,
    54.78472939811232, 58.00360522298052, 61.261701761002, 64.55753862700634,
    67.88974313718154, 71.25703896716801, 74.65823634883016, 78.0922235533153,
]

/// ln(k!) for k ≥ 0: the table for k < 32, Stirling's series above. The series' first omitted term,
/// 1/(1188 k⁹), is below 4e-17 for k ≥ 32, far under the rounding of the result. Used by the
/// rejection samplers' final acceptance test; thread-safe, unlike `lgamma`, which writes the global `signgam`.
func logFactorial(_ k: Int) -> Double {
    if k < logFactorialTable.count { return logFactorialTable[k] }
    let x = Double(k)
    let r = 1 / x
    let r2 = r * r
    // 0.5 ln(2π) + (x + ½) ln x − x + 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷)
    let series = r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)))
    return 0.918_938_533_204_672_7 + (x + 0.5) * log(x) - x + series
}
