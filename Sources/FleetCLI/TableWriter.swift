/// Columns aligned as `kubectl get` aligns them: upper-case headers, three spaces between.
struct TableWriter {
    let headers: [String]
    private(set) var rows: [[String]] = []

    init(headers: [String]) {
        self.headers = headers
    }

    mutating func append(_ row: [String]) {
        rows.append(row)
    }

    func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        var output = ""
        for row in all {
            var line = ""
            for (column, cell) in row.enumerated() {
                let isLast = column == row.count - 1
                line += isLast ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 3)
            }
            while line.hasSuffix(" ") { line.removeLast() }  // an empty last cell leaves no padding behind
            output += line + "\n"
        }
        return output
    }
}
