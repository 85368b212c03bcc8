import Foundation

/// RFC 8288 `Link` headers as forges write them for paging:
/// `<https://api.github.com/…?page=2>; rel="next", <…?page=5>; rel="last"`.
public enum LinkHeader {
    /// The URL of the link whose `rel` names `relation` (rel may hold several space-separated names).
    public static func url(_ header: String, relation: String) -> String? {
        var rest = Substring(header)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return nil }
            let url = String(rest[rest.index(after: open)..<close])
            let after = rest[rest.index(after: close)...]
            // Parameters run to the next link (a comma outside quotes).
            var end = after.endIndex
            var quoted = false
            for index in after.indices {
                let c = after[index]
                if c == "\"" { quoted.toggle() }
                if c == "," && !quoted { end = index; break }
            }
            for parameter in after[..<end].split(separator: ";") {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, pair[0].lowercased() == "rel" else { continue }
                let names = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased().split(separator: " ")
                if names.contains(Substring(relation.lowercased())) { return url }
            }
            rest = end < after.endIndex ? after[after.index(after: end)...] : ""
        }
        return nil
    }
}
