import Config
import Testing
@testable import Host

@Suite struct ConsolePagerTests {
    static let text = (1...25).map { "line \($0)\n" }.joined()

    @Test func pagesAreOneLineShortOfTheScreen() throws {
        let (first, rest) = ConsolePager.paginate(ConsolePagerTests.text, lines: .count(10), columns: 80)
        #expect(first == (1...9).map { "line \($0)\n" }.joined())
        var pager = try #require(rest)
        #expect(pager.nextPage() == (10...18).map { "line \($0)\n" }.joined())
        #expect(!pager.isDone)
        #expect(pager.nextPage() == (19...25).map { "line \($0)\n" }.joined())
        #expect(pager.isDone)
    }

    @Test func infinityAndShortOutputAreNotPaged() {
        let (whole, none) = ConsolePager.paginate(ConsolePagerTests.text, lines: .infinity, columns: 80)
        #expect(whole == ConsolePagerTests.text && none == nil)
        let short = "a\nb\n"
        let (page, rest) = ConsolePager.paginate(short, lines: .count(24), columns: 80)
        #expect(page == short && rest == nil)
    }

    /// A line wider than the console takes the screen lines it wraps to.
    @Test func wideLinesCountAsTheLinesTheyWrapTo() throws {
        let wide = String(repeating: "x", count: 200)
        let text = "a\n\(wide)\nb\nc\n"
        let (first, rest) = ConsolePager.paginate(text, lines: .count(5), columns: 80)
        #expect(first == "a\n\(wide)\n")
        var pager = try #require(rest)
        #expect(pager.nextPage() == "b\nc\n")
    }
}
