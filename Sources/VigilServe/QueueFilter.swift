import Foundation
import VigilGit
import VigilModel
import VigilRules
import VigilStore

/// The queue's filters as URL query parameters, so a filtered queue is a link to share:
/// `?severity=high&class=ai&class=assisted&review=unreviewed&triage=untriaged&page=2`.
/// A parameter given twice accepts either value, as on the command line.
public struct QueueFilter: Sendable, Equatable {
    /// Parameter names in the order links write them.
    public static let names = ["repository", "category", "severity", "rule", "class", "agent", "review", "reviewer", "author",
                               "path", "since", "until", "triage"]
    /// Triage choices; `untriaged` is the default (the work left), `open` means all but false positives.
    public static let triageChoices = ["untriaged", "open", "confirmed", "false-positive", "accepted-risk", "all"]

    /// The parameters as given (without empty ones and without `page`), for links.
    public var parameters: [(String, String)]
    public var query: IndexQuery
    /// Zero-based page.
    public var page: Int

    public static func == (a: QueueFilter, b: QueueFilter) -> Bool {
        a.parameters.map { "\($0.0)=\($0.1)" } == b.parameters.map { "\($0.0)=\($0.1)" } && a.page == b.page
    }

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public init(_ request: WebRequest) throws {
        parameters = request.query.filter { Self.names.contains($0.0) && !$0.1.isEmpty }
        var q = IndexQuery()
        func each<T>(_ name: String, _ parse: (String) -> T?) throws -> [T] {
            try request.values(name).map { text in
                guard let value = parse(text) else { throw Invalid(description: "\(name): '\(text)' is not a known value") }
                return value
            }
        }
        q.repositories = request.values("repository")
        q.categories = try each("category") { RiskCategory(rawValue: $0) }
        q.minimumSeverity = try each("severity") { Severity(rawValue: $0) }.min()
        q.rules = request.values("rule")
        q.classes = try each("class") { ProvenanceClass(rawValue: $0) }
        q.agents = request.values("agent")
        q.reviews = try each("review") { ReviewStatus(rawValue: $0) }
        q.reviewers = request.values("reviewer")
        q.author = request.value("author")
        if let path = request.value("path") {
            do { q.path = try PathGlob(path) } catch { throw Invalid(description: "path: bad glob '\(path)'") }
        }
        q.since = try Self.date(request.value("since"), "since", endOfDay: false)
        q.until = try Self.date(request.value("until"), "until", endOfDay: true)
        switch request.value("triage") ?? "untriaged" {
        case "open": q.triage = .notFalsePositive
        case let text:
            guard let selection = TriageSelection(text) else { throw Invalid(description: "triage: '\(text)' is not one of \(Self.triageChoices.joined(separator: ", "))") }
            q.triage = selection
        }
        query = q
        let pageText = request.value("page") ?? "1"
        guard let page = Int(pageText), (1...1_000_000).contains(page) else { throw Invalid(description: "page: '\(pageText)' is not a page number") }
        self.page = page - 1
    }

    /// `2026-11-01` (a whole day for `until`), or anything `--since` takes.
    static func date(_ text: String?, _ name: String, endOfDay: Bool) throws -> Int64? {
        guard let text else { return nil }
        guard let seconds = GitDate.parse(text) else { throw Invalid(description: "\(name): cannot read the date '\(text)'") }
        return endOfDay && text.count == 10 ? seconds + 86_399 : seconds
    }

    /// The query string for these filters (and `extra` pairs), percent-encoded.
    public func queryString(_ extra: [(String, String)] = []) -> String {
        let pairs = parameters + extra
        return pairs.isEmpty ? "" : "?" + pairs.map { URLText.component($0.0) + "=" + URLText.component($0.1) }.joined(separator: "&")
    }

    public func value(_ name: String) -> String { parameters.first { $0.0 == name }?.1 ?? "" }
    public func values(_ name: String) -> [String] { parameters.filter { $0.0 == name }.map(\.1) }
}

/// Percent-encoding for URL parts vigil builds (query values, path segments, template fills).
public enum URLText {
    /// Everything but RFC 3986's unreserved characters encoded (a path's `/` too).
    public static func component(_ text: String) -> String {
        SafeText.uriPath(text).replacingOccurrences(of: "/", with: "%2F")
    }
}
