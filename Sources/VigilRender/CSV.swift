import VigilModel

/// CSV as vigil writes it: RFC 4180 quoting, CRLF line ends.
public enum CSV {
    /// One record: fields with commas, quotes or line breaks are quoted.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                ? "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    /// One record of attacker-controlled text: each cell neutralised for spreadsheets first
    /// (see `SafeText.csvCell`).
    public static func safeLine(_ fields: [String]) -> String { line(fields.map(SafeText.csvCell)) }

    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(line).joined()
    }
}
