import VigilModel

/// One forge's REST API: its endpoints, its JSON shapes, its rate-limit and permission
/// conventions. Only talks to the forge through `ForgeHTTP`; stores nothing.
public protocol ForgeAPI: Sendable {
    var kind: ForgeKind { get }
    /// `owner/repo` or `group/project`.
    var project: String { get }
    var api: APIURL { get }
    /// The environment variable the token comes from.
    var tokenVariable: String { get }
    var acceptHeaders: [(String, String)] { get }
    func authorization(token: String) -> (String, String)

    /// The first page of merged (or closed) requests, most recently updated first; forges that
    /// can filter ask only for those updated after `updatedAfter`.
    func listTarget(updatedAfter: Int64?) -> String
    /// The requests one page lists, merged or not.
    func decodeList(_ json: JSONValue) throws -> [ListedRequest]
    /// The reviews of one merged request; `etag` from the last time, for a conditional request.
    func reviews(of request: ForgeRequest, etag: String?, http: ForgeHTTP) throws -> ReviewFetch

    /// The wait a refused answer asks for, when it is a rate limit.
    func rateLimitWait(_ response: HTTPResponse, now: Int64) -> RateLimitWait?
    /// What a 401 or 403 that is no rate limit means: which token, which scope.
    func denial(_ response: HTTPResponse, hasToken: Bool) -> String
    /// What a 404 on the request list means.
    var notFound: String { get }
}

/// A request as a list page gives it, before its reviews are read.
public struct ListedRequest: Sendable {
    public var request: ForgeRequest
    public var merged: Bool
}

/// What asking for a request's reviews gave.
public enum ReviewFetch: Sendable {
    /// The ETag still holds: the reviews the index has are current.
    case notModified
    case fetched([ForgeReview], etag: String?)
    /// The forge has no review data for it (GitLab without the approvals endpoint).
    case unavailable
}

extension ForgeAPI {
    /// The next page's target: the `Link` header's `rel="next"` on this API's origin.
    func nextPage(_ response: HTTPResponse) -> String? {
        guard let link = response.headerList("Link"), let url = LinkHeader.url(link, relation: "next") else { return nil }
        return api.sameOriginTarget(url)
    }

    /// Every page of a JSON-array listing from `target`, the first page conditional on `etag`.
    /// Nil when the first page was not modified; else the items and the first page's ETag.
    func allPages(_ target: String, etag: String?, http: ForgeHTTP, what: String) throws -> (items: [JSONValue], etag: String?)? {
        var items: [JSONValue] = []
        var next: String? = target
        var first = true
        var firstETag: String?
        var pages = 0
        while let page = next {
            let response = try http.get(page, etag: first ? etag : nil)
            if first && response.status == 304 { return nil }
            if response.status == 404 { throw ForgeError(.unavailable, "\(kind.displayName) has no \(what) (404)") }
            if first { firstETag = response.header("ETag") }
            guard let array = try JSONValueReader.parse(response, what: what).array else {
                throw ForgeError(.unavailable, "the forge's answer for \(what) is not a list")
            }
            items += array
            pages += 1
            guard pages < 1000 else { throw ForgeError(.unavailable, "\(what): more than 1000 pages") }
            next = array.isEmpty ? nil : nextPage(response)
            first = false
        }
        return (items, firstETag)
    }

    /// A commit id a forge gave, when it is one.
    func objectID(_ value: JSONValue?) -> ObjectID? { value?.string.flatMap(ObjectID.init(hex:)) }
}

/// The wait a standard `Retry-After` (seconds or an HTTP date is not used by forges) asks for.
func retryAfter(_ response: HTTPResponse) -> Int64? {
    guard let text = response.header("Retry-After"), let seconds = Int64(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
    return seconds
}

/// Checks `owner/repo`: path segments of letters, digits, `.`, `-`, `_`, none `.` or `..`.
func checkedProject(_ text: String, segments: ClosedRange<Int>, flag: String) throws -> String {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    let ok = segments.contains(parts.count) && parts.allSatisfy { part in
        !part.isEmpty && part != "." && part != ".." && part.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "_")
        }
    }
    guard ok else {
        let shape = segments.lowerBound == segments.upperBound ? "OWNER/REPO" : "GROUP/PROJECT (subgroups allowed)"
        throw ForgeError(.badInput, "\(flag): '\(text)' is not \(shape)")
    }
    return text
}
