import Foundation

/// How long a sync waits and how often it tries again.
public struct ForgeHTTPOptions: Sendable {
    /// Tries after the first for a 5xx answer or a failed connection.
    public var retries = 4
    /// Seconds before the first retry; each next one waits twice as long.
    public var backoff: Double = 1
    /// The longest a rate limit may make the sync wait (seconds); a later reset stops it.
    public var maxWait: Int64 = 3600
    /// Seconds to wait for a connection, and for each read.
    public var timeoutSeconds = 30
    /// The User-Agent (GitHub asks every client to send one).
    public var userAgent = "vigil"

    public init() {}
}

/// A wait a forge asks for, from its rate-limit headers.
public struct RateLimitWait: Sendable, Equatable {
    public var seconds: Int64
    /// When the limit resets, when the forge says (seconds since the epoch).
    public var until: Int64?
    public var reason: String

    public init(seconds: Int64, until: Int64?, reason: String) {
        self.seconds = seconds
        self.until = until
        self.reason = reason
    }
}

/// Time for the client: the real clock, or a test's.
public protocol ForgeClock: Sendable {
    func now() -> Int64
    func sleep(seconds: Double)
}

public struct SystemClock: ForgeClock {
    public init() {}
    public func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
    public func sleep(seconds: Double) { if seconds > 0 { Thread.sleep(forTimeInterval: seconds) } }
}

/// What the client tells its user while it works.
public enum ForgeEvent: Sendable, Equatable {
    /// Waiting for a rate limit: once when the wait starts.
    case rateLimited(RateLimitWait)
    /// Each second of a rate-limit wait, with the seconds left (for progress on a terminal).
    case waiting(remaining: Int64)
    /// Trying again after `reason`, in `delay` seconds.
    case retrying(reason: String, attempt: Int, delay: Double)
}

/// GET requests to a forge's API with what every forge needs: its authentication header,
/// conditional requests (ETags), retries with back-off on 5xx answers and failed connections,
/// waits for rate limits until the reset the forge announces, redirects only within the API's
/// origin, and a clean stop on 401/403 naming what the token lacks. The token is only ever put
/// in a request header: no message holds it.
public final class ForgeHTTP {
    public let api: APIURL
    private let client: HTTPClient
    private let authorization: (String, String)?
    private let forge: any ForgeAPI
    private let options: ForgeHTTPOptions
    private let clock: any ForgeClock
    private let events: (ForgeEvent) -> Void
    /// Requests sent, and how many the forge answered 304 Not Modified.
    public private(set) var requests = 0
    public private(set) var notModified = 0

    public init(api: APIURL, forge: any ForgeAPI, token: String?, options: ForgeHTTPOptions = ForgeHTTPOptions(),
                clock: any ForgeClock = SystemClock(), events: @escaping (ForgeEvent) -> Void = { _ in }) throws {
        self.api = api
        self.forge = forge
        if let token {
            guard !token.contains(where: { $0.isNewline || $0 == "\0" }) else {
                throw ForgeError(.badInput, "the token in \(forge.tokenVariable) holds a line break")
            }
            authorization = forge.authorization(token: token)
        } else {
            authorization = nil
        }
        self.options = options
        self.clock = clock
        self.events = events
        client = HTTPClient(api: api, timeoutSeconds: options.timeoutSeconds, userAgent: options.userAgent)
    }

    deinit { client.close() }

    /// `GET target` (a path under the API, or one a `Link` header gave). Returns 2xx answers,
    /// 304 when `etag` still holds, and 404 (the caller decides what a missing thing means);
    /// throws for everything else once retries and waits are spent.
    public func get(_ target: String, etag: String? = nil) throws -> HTTPResponse {
        var target = target
        var attempt = 0
        var waits = 0
        var redirects = 0
        while true {
            var headers: [(String, String)] = forge.acceptHeaders
            if let authorization { headers.append(authorization) }
            if let etag { headers.append(("If-None-Match", etag)) }
            let response: HTTPResponse
            do {
                requests += 1
                response = try client.get(target, headers: headers)
            } catch let error as ForgeError where error.kind == .unavailable {
                guard attempt < options.retries else {
                    throw ForgeError(.unavailable, "\(forge.kind.displayName) could not be reached (\(error.message)); tried \(attempt + 1) times")
                }
                try backOff(&attempt, reason: error.message)
                continue
            }
            switch response.status {
            case 200..<300:
                return response
            case 304:
                notModified += 1
                return response
            case 404:
                return response
            case 301, 302, 303, 307, 308:
                guard redirects < 5, let location = response.header("Location"), let next = redirectTarget(location) else {
                    throw ForgeError(.unavailable, "\(forge.kind.displayName) redirected \(Self.shown(target)) to another host; "
                                     + "vigil does not send the token there (give that API's --api-url)")
                }
                redirects += 1
                target = next
                continue
            default:
                break
            }
            if let wait = forge.rateLimitWait(response, now: clock.now()) {
                guard wait.seconds <= options.maxWait else {
                    let when = wait.until.map { " (it resets at \(Self.clock($0)))" } ?? ""
                    throw ForgeError(.unavailable, "\(forge.kind.displayName) rate limit: \(wait.reason); the wait of \(wait.seconds) s is over --max-wait \(options.maxWait) s\(when); run the sync again later, it resumes")
                }
                guard waits < 20 else { throw ForgeError(.unavailable, "\(forge.kind.displayName) kept answering with rate limits") }
                waits += 1
                events(.rateLimited(wait))
                var remaining = wait.seconds
                while remaining > 0 {
                    events(.waiting(remaining: remaining))
                    clock.sleep(seconds: 1)
                    remaining -= 1
                }
                continue
            }
            if response.status == 401 || response.status == 403 {
                throw ForgeError(.denied, forge.denial(response, hasToken: authorization != nil))
            }
            if response.status >= 500 {
                let reason = "\(forge.kind.displayName) answered \(response.status) for \(Self.shown(target))"
                guard attempt < options.retries else {
                    throw ForgeError(.unavailable, "\(reason), \(attempt + 1) times; run the sync again later, it resumes")
                }
                try backOff(&attempt, reason: "\(response.status)")
                continue
            }
            throw ForgeError(.unavailable, "\(forge.kind.displayName) answered \(response.status) for \(Self.shown(target)): \(Self.serverMessage(response))")
        }
    }

    private func backOff(_ attempt: inout Int, reason: String) throws {
        let delay = options.backoff * Double(1 << min(attempt, 10))
        attempt += 1
        events(.retrying(reason: reason, attempt: attempt, delay: delay))
        clock.sleep(seconds: delay)
    }

    private func redirectTarget(_ location: String) -> String? {
        if location.hasPrefix("/") && !location.hasPrefix("//") {
            return location.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } ? location : nil
        }
        return api.sameOriginTarget(location)
    }

    /// The path of a request target, without its query, for messages.
    static func shown(_ target: String) -> String { String(target.prefix { $0 != "?" }) }

    /// A short, printable excerpt of what the server said (its JSON `message` when it has one).
    static func serverMessage(_ response: HTTPResponse) -> String {
        var text = response.text
        if let json = try? JSONValueReader.parse(text), let message = json["message"]?.string ?? json["error"]?.string { text = message }
        text = String(text.prefix(200)).replacingOccurrences(of: "\n", with: " ")
        return text.isEmpty ? "(no message)" : text
    }

    /// `2026-12-01 13:00:00 UTC`.
    static func clock(_ seconds: Int64) -> String {
        let iso = ForgeTime.iso8601(seconds)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + " UTC"
    }
}
