/// An unsigned integer of any size, just enough for exact equal-shares and Phragmén arithmetic.
///
/// Only the operations the tally rules need exist: sums, differences, products and
/// quotients by a machine word, and comparison. Rationals are kept over a common
/// denominator, so no big-by-big product or division is ever required.
public struct BigUInt: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Little-endian 64-bit limbs without trailing zeros; zero has no limb.
    private(set) var limbs: [UInt64]

    public init(_ value: UInt64 = 0) {
        limbs = value == 0 ? [] : [value]
    }

    public var isZero: Bool { limbs.isEmpty }

    private mutating func normalize() {
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    public static func + (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        var result = lhs
        result.add(rhs)
        return result
    }

    /// Adds `other` in place.
    public mutating func add(_ other: BigUInt) {
        if other.limbs.count > limbs.count {
            limbs.append(contentsOf: repeatElement(0, count: other.limbs.count - limbs.count))
        }
        var carry: UInt64 = 0
        var index = 0
        while index < limbs.count {
            let addend = index < other.limbs.count ? other.limbs[index] : 0
            if addend == 0 && carry == 0 && index >= other.limbs.count { return }
            let (partial, overflow1) = limbs[index].addingReportingOverflow(addend)
            let (total, overflow2) = partial.addingReportingOverflow(carry)
            limbs[index] = total
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
            index += 1
        }
        if carry != 0 { limbs.append(carry) }
    }

    public static func - (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        var result = lhs
        result.subtract(rhs)
        return result
    }

    /// Subtracts `other` in place; the caller guarantees `other <= self`, as a
    /// negative amount of money or load would be a bug in the rule, not bad input.
    public mutating func subtract(_ other: BigUInt) {
        precondition(other <= self, "BigUInt subtraction would underflow")
        var borrow: UInt64 = 0
        var index = 0
        while index < limbs.count {
            let subtrahend = index < other.limbs.count ? other.limbs[index] : 0
            if subtrahend == 0 && borrow == 0 && index >= other.limbs.count { break }
            let (partial, overflow1) = limbs[index].subtractingReportingOverflow(subtrahend)
            let (total, overflow2) = partial.subtractingReportingOverflow(borrow)
            limbs[index] = total
            borrow = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
            index += 1
        }
        normalize()
    }

    public static func * (lhs: BigUInt, rhs: UInt64) -> BigUInt {
        var result = lhs
        result.multiply(by: rhs)
        return result
    }

    /// Multiplies in place by a machine word.
    public mutating func multiply(by factor: UInt64) {
        if factor == 0 || limbs.isEmpty {
            limbs.removeAll()
            return
        }
        if factor == 1 { return }
        var carry: UInt64 = 0
        for index in limbs.indices {
            let (high, low) = limbs[index].multipliedFullWidth(by: factor)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            limbs[index] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { limbs.append(carry) }
    }

    /// The quotient and remainder of a division by a non-zero machine word.
    public func quotientAndRemainder(dividingBy divisor: UInt64) -> (quotient: BigUInt, remainder: UInt64) {
        precondition(divisor != 0, "division by zero")
        var quotient = limbs
        var remainder: UInt64 = 0
        var index = limbs.count - 1
        while index >= 0 {
            let (q, r) = divisor.dividingFullWidth((high: remainder, low: limbs[index]))
            quotient[index] = q
            remainder = r
            index -= 1
        }
        var result = BigUInt()
        result.limbs = quotient
        result.normalize()
        return (result, remainder)
    }

    public static func < (lhs: BigUInt, rhs: BigUInt) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// -1, 0 or 1 as `lhs` is smaller, equal or larger than `rhs`.
    public static func compare(_ lhs: BigUInt, _ rhs: BigUInt) -> Int {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count ? -1 : 1 }
        var index = lhs.limbs.count - 1
        while index >= 0 {
            let a = lhs.limbs[index], b = rhs.limbs[index]
            if a != b { return a < b ? -1 : 1 }
            index -= 1
        }
        return 0
    }

    /// An approximation, for explanations only; never used to decide an outcome.
    public var doubleValue: Double {
        var result = 0.0
        for limb in limbs.reversed() { result = result * 18446744073709551616.0 + Double(limb) }
        return result
    }

    public var description: String {
        if limbs.isEmpty { return "0" }
        var digits: [String] = []
        var value = self
        while !value.isZero {
            let (q, r) = value.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
            digits.append(String(r))
            value = q
        }
        var text = digits.removeLast()
        for chunk in digits.reversed() {
            text += String(repeating: "0", count: 19 - chunk.count) + chunk
        }
        return text
    }
}

/// Greatest common divisor of two machine words.
func greatestCommonDivisor(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var x = a, y = b
    while y != 0 { (x, y) = (y, x % y) }
    return x
}
