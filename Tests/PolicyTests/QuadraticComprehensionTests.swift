import CEL
import XCTest
@testable import Policy

/// Which nests of comprehensions `check` reports as quadratic (see also the broken fixture
/// `quadratic-comprehension.yaml`).
final class QuadraticComprehensionTests: XCTestCase {
    /// The nests of `text`: list, outer and inner macro, and the inner macro's text.
    func nests(_ text: String) throws -> [String] {
        let parsed = try Parser().parse(Source(text))
        return QuadraticComprehension.find(in: parsed).map { nest in
            let utf8 = Array(text.utf8)
            let name = String(decoding: utf8[nest.range], as: UTF8.self)
            return "\(nest.list): \(nest.outer.rawValue) > \(name)"
        }
    }

    func testNestsOverTheSameListAreFound() throws {
        XCTAssertEqual(try nests("xs.filter(b, xs.all(c, c <= b))"), ["xs: filter > all"])
        XCTAssertEqual(try nests("xs.exists(a, xs.exists(b, a != b))"), ["xs: exists > exists"])
        XCTAssertEqual(try nests("a.b.map(x, size(a.b.filter(y, y == x)))"), ["a.b: map > filter"])
        // Deeper inside the outer one, and in a three-argument `map`'s filter.
        XCTAssertEqual(try nests("xs.map(x, xs.exists(y, y > x), [x, xs.exists_one(z, z == x)])"),
                       ["xs: map > exists", "xs: map > exists_one"])
        // Three levels: each inner one is reported once, with the outermost.
        XCTAssertEqual(try nests("xs.all(a, xs.all(b, xs.all(c, a + b + c > 0)))"), ["xs: all > all", "xs: all > all"])
    }

    func testOtherNestsAreNotReported() throws {
        for text in [
            "xs.filter(b, ys.all(c, c <= b))",                  // another list
            "xs.all(x, x.items.all(i, i > 0))",                 // the element's own list
            "unpaid.exists(u, snapshot.bills.exists(b, b == u))",
            "xs.all(xs, xs.all(y, y > 0))",                      // `xs` is the element inside
            "xs.filter(b, b > 0).size() + xs.filter(c, c < 0).size()",  // one after the other
            "f(xs).all(a, f(xs).all(b, a == b))",                // not a name or field path
        ] {
            XCTAssertEqual(try nests(text), [], text)
        }
    }
}
