import Config

/// Pages a command's output on an interactive console, as an RTX's console does with `console
/// lines` and `console columns`: a page is one line short of the screen, the last line being
/// `---more---`, and a line wider than the screen takes as many screen lines as it wraps to.
/// Enter shows the next page, `q` drops the rest.
struct ConsolePager {
    static let more = "---more---"

    private var rows: ArraySlice<Substring>
    private let pageRows: Int
    private let columns: Int

    /// The first page of `text`, and a pager holding the rest (nil when it all fits).
    static func paginate(_ text: String, lines: ConsoleLines, columns: Int) -> (page: String, rest: ConsolePager?) {
        guard case .count(let count) = lines else { return (text, nil) }
        var pager = ConsolePager(rows: text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0),
                                 pageRows: count - 1, columns: columns)
        let page = pager.nextPage()
        return (page, pager.isDone ? nil : pager)
    }

    private init(rows: ArraySlice<Substring>, pageRows: Int, columns: Int) {
        self.rows = rows
        self.pageRows = pageRows
        self.columns = columns
    }

    var isDone: Bool { rows.isEmpty }

    /// The next page's text (whole lines, each ending in a newline).
    mutating func nextPage() -> String {
        var used = 0
        var page = ""
        while let row = rows.first {
            let height = max(1, (row.count + columns - 1) / columns)
            // A line taller than a page still goes out whole, alone.
            guard used == 0 || used + height <= pageRows else { break }
            page += row + "\n"
            used += height
            rows.removeFirst()
        }
        return page
    }
}
