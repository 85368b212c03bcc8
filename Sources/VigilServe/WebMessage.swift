import Foundation
import VigilModel

/// A request as the handlers see it, independent of the HTTP server that carried it.
public struct WebRequest: Sendable {
    public var method: String
    /// The path, percent-decoded, without the query.
    public var path: String
    /// The query's name-value pairs in order (a name may repeat), percent-decoded.
    public var query: [(String, String)]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: [(String, String)] = [], headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The value of a cookie sent with the request.
    public func cookie(_ name: String) -> String? {
        for part in (header("cookie") ?? "").split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if let eq = pair.firstIndex(of: "="), pair[..<eq] == name { return String(pair[pair.index(after: eq)...]) }
        }
        return nil
    }

    public func values(_ name: String) -> [String] { query.filter { $0.0 == name }.map(\.1).filter { !$0.isEmpty } }
    public func value(_ name: String) -> String? { values(name).first }

    /// `a=1&b=x+y` into pairs, `+` as a space and `%XX` decoded (invalid escapes kept as written).
    public static func parseQuery(_ text: Substring) -> [(String, String)] {
        text.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

/// A response before the HTTP server writes it.
public struct WebResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func html(_ text: String, status: Int = 200) -> WebResponse {
        WebResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array(text.utf8))
    }

    public static func json(_ text: String, status: Int = 200) -> WebResponse {
        WebResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(text.utf8))
    }

    public static func text(_ text: String, status: Int, type: String = "text/plain; charset=utf-8") -> WebResponse {
        WebResponse(status: status, headers: [("Content-Type", type)], body: Array(text.utf8))
    }

    /// An error as JSON for the API and plain text elsewhere: `{"error": "..."}`.
    public static func error(_ status: Int, _ message: String, api: Bool) -> WebResponse {
        if api {
            return json(JSONValue.object([("error", .string(message))]).serialized() + "\n", status: status)
        }
        return text(message + "\n", status: status)
    }

    public func adding(_ name: String, _ value: String) -> WebResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }
}
