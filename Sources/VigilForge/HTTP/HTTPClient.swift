import Foundation

/// GET requests to one API origin over kept-alive HTTP/1.1 connections (one at a time).
final class HTTPClient {
    let api: APIURL
    let timeoutMilliseconds: Int32
    private var connection: HTTPConnection?
    let userAgent: String

    init(api: APIURL, timeoutSeconds: Int = 30, userAgent: String) {
        self.api = api
        self.timeoutMilliseconds = Int32(max(1, timeoutSeconds) * 1000)
        self.userAgent = userAgent
    }

    /// Sends `GET target` with `headers`. A kept-alive connection the server closed is retried
    /// once on a new one (GET is idempotent).
    func get(_ target: String, headers: [(String, String)]) throws -> HTTPResponse {
        var lines = "GET \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: \(userAgent)\r\n"
        for (name, value) in headers {
            // Nothing a forge or a user gave may split a header (CR, LF).
            guard !name.contains(where: \.isNewline), !value.contains(where: \.isNewline) else {
                throw ForgeError(.badInput, "a header value holds a line break")
            }
            lines += "\(name): \(value)\r\n"
        }
        lines += "\r\n"
        let bytes = Array(lines.utf8)
        for attempt in 0..<2 {
            let reused = connection != nil
            let current = try connection ?? HTTPConnection(api: api, timeoutMilliseconds: timeoutMilliseconds)
            connection = current
            var sent = false
            do {
                try current.send(bytes)
                sent = true
                let response = try current.receive()
                if !current.isReusable { connection = nil }
                return response
            } catch let error as ForgeError {
                connection = nil
                current.close()
                // A kept-alive connection the server had closed: nothing was answered, so ask again.
                if reused && attempt == 0 && (!sent || current.closedBeforeResponse) { continue }
                throw error
            }
        }
        throw ForgeError(.unavailable, "\(api.origin): the connection kept closing")
    }

    private var hostHeader: String {
        let host = api.host.contains(":") ? "[\(api.host)]" : api.host
        return (api.isTLS && api.port == 443) || (!api.isTLS && api.port == 80) ? host : "\(host):\(api.port)"
    }

    func close() {
        connection?.close()
        connection = nil
    }
}
