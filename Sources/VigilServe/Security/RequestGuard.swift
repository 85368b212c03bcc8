import Crypto
import Foundation
import Synchronization

/// The port a server listens on, set once it is bound.
public final class BoundPort: Sendable {
    private let port: Atomic<Int>
    public init(_ port: Int) { self.port = Atomic(port) }
    public var value: Int { port.load(ordering: .acquiring) }
    public func set(_ value: Int) { port.store(value, ordering: .releasing) }
}

/// The checks every request passes before a handler sees it, and the extra ones for a state
/// change. They answer the threats of a web page over attacker-written data on a reviewer's
/// machine: another site in the same browser (CSRF, DNS rebinding), other users of a shared
/// address (the token), and a page of this server turned against itself (escaping, CSP).
public struct RequestGuard: Sendable {
    public let configuration: ServeConfiguration
    /// Signs the CSRF cookie: a value another site sets (cookies are shared between the ports of
    /// one host) is worthless without the signature only this server can make.
    private let key: [UInt8]

    public static let csrfCookie = "vigil_csrf"
    public static let tokenCookie = "vigil_token"
    public static let csrfHeader = "x-vigil-csrf"

    /// The port the server is bound to (known once it runs, when `--listen` asked for port 0).
    public let boundPort: BoundPort

    public init(configuration: ServeConfiguration, key: [UInt8]? = nil) {
        self.configuration = configuration
        var generator = SystemRandomNumberGenerator()
        self.key = key ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        boundPort = BoundPort(configuration.listen.port)
    }

    public enum Verdict: Sendable, Equatable {
        case allow
        case refuse(status: Int, reason: String)
    }

    /// For every request: the Host is this server's (a rebound DNS name is not), and the token or
    /// the proxy's user header is there when one is required.
    public func admit(_ request: WebRequest) -> Verdict {
        if configuration.listen.isLoopback {
            guard let host = request.header("host"), allowedHosts.contains(host.lowercased()) else {
                return .refuse(status: 421, reason: "this server answers only to the loopback address it listens on (Host header refused)")
            }
        }
        if let header = configuration.proxyUserHeader, !header.isEmpty {
            guard let user = request.header(header), !user.trimmingCharacters(in: .whitespaces).isEmpty else {
                return .refuse(status: 401, reason: "no authenticated user (the \(header) header is missing)")
            }
        }
        if let token = configuration.token, !token.isEmpty {
            let offered = bearer(request) ?? request.cookie(Self.tokenCookie) ?? request.value("token")
            guard let offered, Self.equal(offered, token) else {
                return .refuse(status: 401, reason: "a token is required: open the address printed by `vigil serve`, or send Authorization: Bearer TOKEN")
            }
        }
        return .allow
    }

    /// For a state change (POST): from this server's own origin, with the CSRF token that matches
    /// the request's cookie, as JSON (which no cross-site form can send).
    public func admitChange(_ request: WebRequest) -> Verdict {
        if configuration.readOnly { return .refuse(status: 403, reason: "this server is read-only (--read-only)") }
        guard let host = request.header("host") else { return .refuse(status: 403, reason: "no Host header") }
        let origins = ["http://\(host)".lowercased(), "https://\(host)".lowercased()]
        if let origin = request.header("origin") {
            guard origins.contains(origin.lowercased()) else { return .refuse(status: 403, reason: "cross-origin request refused (Origin \(origin))") }
        } else if let referer = request.header("referer") {
            guard origins.contains(where: { referer.lowercased() == $0 || referer.lowercased().hasPrefix($0 + "/") }) else {
                return .refuse(status: 403, reason: "cross-origin request refused (Referer)")
            }
        } else {
            return .refuse(status: 403, reason: "a state change needs an Origin header from this server's pages")
        }
        if request.header("sec-fetch-site").map({ $0 != "same-origin" && $0 != "none" }) == true {
            return .refuse(status: 403, reason: "cross-site request refused (Sec-Fetch-Site)")
        }
        guard let cookie = request.cookie(Self.csrfCookie), let sent = request.header(Self.csrfHeader),
              Self.equal(sent, csrfToken(for: cookie)) else {
            return .refuse(status: 403, reason: "missing or wrong CSRF token (reload the page)")
        }
        guard (request.header("content-type") ?? "").lowercased().hasPrefix("application/json") else {
            return .refuse(status: 415, reason: "send the body as application/json")
        }
        return .allow
    }

    /// The token a page embeds for the cookie `nonce`: HMAC-SHA256 of it under this server's key.
    public func csrfToken(for nonce: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(nonce.utf8), using: SymmetricKey(data: key))
        return Data(mac).map { String(format: "%02x", $0) }.joined()
    }

    /// A new cookie value: 128 random bits.
    public static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Host headers this server answers to when it listens on loopback.
    var allowedHosts: Set<String> {
        let port = boundPort.value
        var hosts: Set<String> = ["127.0.0.1:\(port)", "localhost:\(port)", "[::1]:\(port)"]
        let listen = configuration.listen.host.lowercased()
        hosts.insert(listen.contains(":") ? "[\(listen)]:\(port)" : "\(listen):\(port)")
        if port == 80 { hosts.formUnion(["127.0.0.1", "localhost", "[::1]", listen]) }
        return hosts
    }

    private func bearer(_ request: WebRequest) -> String? {
        guard let value = request.header("authorization"), value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }

    /// Compares in time that does not depend on where the texts differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return difference == 0
    }

    /// Headers on every response: no script, style or image from elsewhere, no framing, no
    /// sniffing, no referrer sent out along a forge link.
    public static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
        ("Cache-Control", "no-store"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}
