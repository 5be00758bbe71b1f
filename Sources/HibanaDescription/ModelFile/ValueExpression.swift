/// A number as a model file writes it: a literal, or arithmetic (`+ - * /`, parentheses) on
/// literals and names from the file's `parameters` block written `$name`, optionally followed by
/// one unit: `-70 mV`, `20kHz`, `1e-3`, `$J mV`, `-$g * $J mV`, `$eta * $nu_thr * $CE Hz`.
///
/// The arithmetic is on plain numbers; the unit, if any, applies to the result. This keeps
/// expressions free of unit algebra: the names of the `parameters` block are plain numbers.
/// The functions `sqrt(x)` and `round(x)` (half to even, as NumPy) serve scaled models, whose sizes
/// must be whole and whose weights scale with a square root (Potjans & Diesmann 2014).
struct ValueExpression: Sendable {
    indirect enum Term: Sendable {
        case number(Double)
        case reference(String)
        case negate(Term)
        case binary(Character, Term, Term)
        case function(Function, Term)
    }

    enum Function: String, Sendable, CaseIterable {
        case sqrt, round

        func apply(_ x: Double) -> Double {
            switch self {
            case .sqrt: return x.squareRoot()
            case .round: return x.rounded(.toNearestOrEven)
            }
        }
    }

    let term: Term
    /// The unit symbol written after the expression, as written.
    let unit: String?

    /// The names `$name` the expression uses, in order of appearance.
    var references: [String] {
        var found: [String] = []
        func visit(_ t: Term) {
            switch t {
            case .number: break
            case let .reference(name): found.append(name)
            case let .negate(inner), let .function(_, inner): visit(inner)
            case let .binary(_, a, b):
                visit(a)
                visit(b)
            }
        }
        visit(term)
        return found
    }

    /// Evaluates with `lookup` giving the value of each `$name` (it throws for an undefined name).
    func value(_ lookup: (String) throws -> Double) rethrows -> Double {
        func evaluate(_ t: Term) throws -> Double {
            switch t {
            case let .number(v): return v
            case let .reference(name): return try lookup(name)
            case let .negate(inner): return try -evaluate(inner)
            case let .function(f, inner): return try f.apply(evaluate(inner))
            case let .binary(op, a, b):
                let x = try evaluate(a), y = try evaluate(b)
                switch op {
                case "+": return x + y
                case "-": return x - y
                case "*": return x * y
                default: return x / y
                }
            }
        }
        return try evaluate(term)
    }

    /// Parses `text`; the error's reason says what was expected where.
    static func parse(_ text: String) throws(Reason) -> ValueExpression {
        let trimmed = text.trimmingSpaces
        switch trimmed.lowercased() {
        case "inf", ".inf", "+inf", "+.inf", "infinity": return ValueExpression(term: .number(.infinity), unit: nil)
        case "-inf", "-.inf", "-infinity": return ValueExpression(term: .number(-.infinity), unit: nil)
        case "nan", ".nan": throw Reason("expected a number; got '\(trimmed)' (not a number)")
        default: break
        }
        var parser = Parser(Array(trimmed.unicodeScalars), text: trimmed)
        return try parser.parseAll()
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        let text: String
        var i = 0
        /// Guards the recursion of nested parentheses and signs.
        var depth = 0
        /// Guards the recursion of evaluation, which follows the chain of operators.
        var operators = 0

        mutating func countOperator() throws(Reason) {
            operators += 1
            if operators > 256 { throw Reason("the expression is too long (more than 256 operators)") }
        }

        init(_ scalars: [Unicode.Scalar], text: String) {
            self.scalars = scalars
            self.text = text
        }

        func fail(_ what: String) -> Reason {
            if text.isEmpty { return Reason("expected a number; got an empty value") }
            return Reason("expected a number\(what); got '\(text)'")
        }

        mutating func skipSpaces() {
            while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        }

        var next: Unicode.Scalar? {
            mutating get {
                skipSpaces()
                return i < scalars.count ? scalars[i] : nil
            }
        }

        mutating func parseAll() throws(Reason) -> ValueExpression {
            let term = try expression()
            var unit: String?
            if let c = next, Self.isUnitStart(c) {
                let start = i
                while i < scalars.count, Self.isUnitStart(scalars[i]) || ("0"..."9").contains(scalars[i]) { i += 1 }
                unit = String(String.UnicodeScalarView(scalars[start..<i]))
            }
            if next != nil {
                if unit != nil { throw fail(" followed by one unit") }
                throw fail("")
            }
            return ValueExpression(term: term, unit: unit)
        }

        static func isUnitStart(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "µ" || c == "μ" || c == "Ω"
        }

        mutating func expression() throws(Reason) -> Term {
            var left = try product()
            while let c = next, c == "+" || c == "-" {
                i += 1
                try countOperator()
                left = .binary(Character(c), left, try product())
            }
            return left
        }

        mutating func product() throws(Reason) -> Term {
            var left = try factor()
            while let c = next, c == "*" || c == "/" {
                i += 1
                try countOperator()
                left = .binary(Character(c), left, try factor())
            }
            return left
        }

        mutating func factor() throws(Reason) -> Term {
            depth += 1
            defer { depth -= 1 }
            if depth > 64 { throw Reason("the expression is nested too deeply (more than 64 levels)") }
            guard let c = next else { throw fail("") }
            switch c {
            case "-", "+":
                i += 1
                let inner = try factor()
                return c == "-" ? .negate(inner) : inner
            case "(":
                i += 1
                let inner = try expression()
                guard next == ")" else { throw fail(" (a ')' is missing)") }
                i += 1
                return inner
            case "$":
                i += 1
                let start = i
                while i < scalars.count, Self.isNameCharacter(scalars[i]) { i += 1 }
                guard i > start else { throw fail(" ('$' must be followed by a parameter name)") }
                return .reference(String(String.UnicodeScalarView(scalars[start..<i])))
            default:
                if Self.isUnitStart(c) { return try call() }
                return .number(try number())
            }
        }

        /// `name(expression)` for a name of `Function`.
        mutating func call() throws(Reason) -> Term {
            let start = i
            while i < scalars.count, Self.isNameCharacter(scalars[i]) { i += 1 }
            let name = String(String.UnicodeScalarView(scalars[start..<i]))
            guard let f = Function(rawValue: name), next == "(" else {
                i = start
                throw fail("")
            }
            i += 1
            let inner = try expression()
            guard next == ")" else { throw fail(" (a ')' is missing)") }
            i += 1
            return .function(f, inner)
        }

        static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_"
        }

        /// digits [. digits] [e [+-] digits], or . digits …
        mutating func number() throws(Reason) -> Double {
            let start = i
            func digits() -> Int {
                let from = i
                while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1 }
                return i - from
            }
            var count = digits()
            if i < scalars.count, scalars[i] == "." {
                i += 1
                count += digits()
            }
            guard count > 0 else {
                i = start
                throw fail("")
            }
            if i < scalars.count, scalars[i] == "e" || scalars[i] == "E" {
                let mark = i
                i += 1
                if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" { i += 1 }
                if digits() == 0 { i = mark }  // "2 eV": the e starts a unit, not an exponent
            }
            let literal = String(String.UnicodeScalarView(scalars[start..<i]))
            guard let v = Double(literal) else { throw fail("") }
            return v
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}

/// Locale-independent, shortest round-trip formatting of a number for messages and files:
/// integers without ".0".
public func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return "\(v)"
}
