import Foundation

/// A forge API's address: scheme, host, port and base path, checked before any token is sent.
///
/// Plain `http` is accepted only for loopback hosts (a test server, a tunnel): a token must not
/// cross a network in clear. User names, passwords, queries and fragments are refused: credentials
/// come from the environment only.
public struct APIURL: Sendable, Hashable, CustomStringConvertible {
    public var isTLS: Bool
    public var host: String
    public var port: Int
    /// The base path without a trailing slash (`/api/v4`), or "".
    public var basePath: String

    public init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw ForgeError(.badInput, "--api-url: '\(text)' is not an http(s) URL")
        }
        guard scheme == "https" || scheme == "http" else {
            throw ForgeError(.badInput, "--api-url: '\(text)' must start with https://")
        }
        if components.user != nil || components.password != nil {
            throw ForgeError(.badInput, "--api-url must not hold credentials; give the token in the environment")
        }
        if components.query != nil || components.fragment != nil {
            throw ForgeError(.badInput, "--api-url: '\(text)' must not have a query or fragment")
        }
        isTLS = scheme == "https"
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (isTLS ? 443 : 80)
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
        if !isTLS && !Self.isLoopback(self.host) {
            throw ForgeError(.badInput, "--api-url: plain http is allowed only to this machine (loopback); use https://")
        }
    }

    /// `https://host` (with `:port` when it is not the scheme's own).
    /// `/repos/OWNER/NAME` with each part percent-encoded (GitHub's and Gitea's repository paths).
    static func repositoryPath(_ project: String) -> String {
        "/repos/" + project.split(separator: "/").map { encode(String($0)) }.joined(separator: "/")
    }

    public var origin: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(isTLS ? "https" : "http")://\(name)" + (port == (isTLS ? 443 : 80) ? "" : ":\(port)")
    }

    public var description: String { origin + basePath }

    static func isLoopback(_ host: String) -> Bool {
        let lower = host.lowercased()
        if lower == "localhost" || lower == "::1" || lower.hasSuffix(".localhost") { return true }
        let parts = lower.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The request target (path and query) of `path` under the base path, with `query` encoded.
    public func target(_ path: String, query: [(String, String)] = []) -> String {
        var text = basePath + path
        if !query.isEmpty {
            text += "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        return text
    }

    /// The request target of an absolute URL the forge gave (a `Link` header), when it is on this
    /// API's origin; nil otherwise (a token is never sent to another host).
    public func sameOriginTarget(_ absolute: String) -> String? {
        guard let components = URLComponents(string: absolute), let scheme = components.scheme?.lowercased(),
              let host = components.host else { return nil }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        guard (scheme == "https") == isTLS, scheme == "https" || scheme == "http", bare.lowercased() == self.host.lowercased(),
              port == self.port, components.user == nil else { return nil }
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        let target = path + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
        return target.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } ? target : nil
    }

    /// Percent-encodes a path segment or query value (RFC 3986 unreserved characters stay).
    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
