import CForgeTransport
import Foundation

/// One HTTP/1.1 connection to an API's origin (TLS unless loopback), read through a buffer.
/// Responses are framed by Content-Length or chunked encoding; a response framed by the end of
/// the stream leaves the connection closed.
final class HTTPConnection {
    private var handle: OpaquePointer?
    private var buffer: [UInt8] = []
    private var position = 0
    /// Still usable for another request.
    private(set) var isReusable = true

    /// The largest header section and body vigil accepts: a hostile server cannot exhaust memory.
    static let maxHeaderBytes = 64 * 1024
    static let maxBodyBytes = 64 * 1024 * 1024

    init(api: APIURL, timeoutMilliseconds: Int32) throws {
        var error = [CChar](repeating: 0, count: 512)
        let connection = vigil_connect(api.host, Int32(api.port), api.isTLS ? 1 : 0, timeoutMilliseconds, &error, error.count)
        guard let connection else {
            throw ForgeError(.unavailable, "\(api.origin): \(Self.text(error))")
        }
        handle = connection
    }

    deinit { close() }

    /// A C message buffer's text, up to its terminating zero.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func close() {
        if let handle { vigil_close(handle) }
        handle = nil
        isReusable = false
    }

    /// Sends a request's bytes.
    func send(_ bytes: [UInt8]) throws {
        guard let handle else { throw ForgeError(.unavailable, "the connection is closed") }
        var error = [CChar](repeating: 0, count: 512)
        let status = bytes.withUnsafeBytes { vigil_write(handle, $0.baseAddress, $0.count, &error, error.count) }
        if status != 0 {
            close()
            throw ForgeError(.unavailable, Self.text(error))
        }
    }

    /// Reads one response (skipping 1xx interim responses).
    func receive() throws -> HTTPResponse {
        while true {
            let (status, version, headers) = try readHead()
            if (100..<200).contains(status) { continue }
            let connectionHeader = headers.filter { $0.name.lowercased() == "connection" }.map { $0.value.lowercased() }
            if version == "HTTP/1.0" || connectionHeader.contains(where: { $0.contains("close") }) { isReusable = false }
            let response = HTTPResponse(status: status, headers: headers, body: [])
            var result = response
            if status == 204 || status == 304 { return result }
            if let encoding = response.header("Transfer-Encoding")?.lowercased(), encoding.contains("chunked") {
                result.body = try readChunked()
            } else if let lengthText = response.header("Content-Length") {
                guard let length = Int(lengthText.trimmingCharacters(in: .whitespaces)), length >= 0 else {
                    throw malformed("a bad Content-Length")
                }
                guard length <= Self.maxBodyBytes else { throw malformed("a body over \(Self.maxBodyBytes / 1024 / 1024) MiB") }
                result.body = try read(count: length)
            } else {
                result.body = try readToEnd()
                isReusable = false
            }
            if let coding = response.header("Content-Encoding")?.lowercased(), coding != "identity" {
                throw malformed("a compressed body (\(coding)) vigil did not ask for")
            }
            return result
        }
    }

    private func malformed(_ what: String) -> ForgeError {
        close()
        return ForgeError(.unavailable, "the server sent \(what)")
    }

    /// True when no byte of a response has arrived and the peer closed: a kept-alive connection
    /// the server dropped, which a retry on a new connection fixes.
    private(set) var closedBeforeResponse = false

    private func readHead() throws -> (Int, String, [(name: String, value: String)]) {
        var lines: [String] = []
        var total = 0
        closedBeforeResponse = false
        while true {
            guard let line = try readLine(limit: Self.maxHeaderBytes - total) else {
                if lines.isEmpty && total == 0 { closedBeforeResponse = true }
                close()
                throw ForgeError(.unavailable, "the server closed the connection before answering")
            }
            total += line.count + 2
            if line.isEmpty {
                if lines.isEmpty { continue } // a stray blank line between responses
                break
            }
            lines.append(String(decoding: line, as: UTF8.self))
        }
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]), (100...599).contains(status) else {
            throw malformed("a response that is not HTTP/1.x")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw malformed("a header line without a colon") }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        return (status, String(statusLine[0]), headers)
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            guard let line = try readLine(limit: 4096) else { throw malformed("a chunked body cut short") }
            let sizeText = String(decoding: line.prefix { $0 != UInt8(ascii: ";") }, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw malformed("a bad chunk size") }
            if size == 0 {
                // Trailers, up to the blank line.
                while let trailer = try readLine(limit: Self.maxHeaderBytes), !trailer.isEmpty {}
                return body
            }
            guard body.count + size <= Self.maxBodyBytes else { throw malformed("a body over \(Self.maxBodyBytes / 1024 / 1024) MiB") }
            body += try read(count: size)
            guard let end = try readLine(limit: 2), end.isEmpty else { throw malformed("a chunk without its line end") }
        }
    }

    private func readToEnd() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            if position < buffer.count {
                body += buffer[position...]
                position = buffer.count
            }
            guard body.count <= Self.maxBodyBytes else { throw malformed("a body over \(Self.maxBodyBytes / 1024 / 1024) MiB") }
            if try fill() == 0 { return body }
        }
    }

    private func read(count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if position == buffer.count, try fill() == 0 { throw malformed("a body cut short") }
            let take = min(count - out.count, buffer.count - position)
            out += buffer[position..<position + take]
            position += take
        }
        return out
    }

    /// The next line without its CR LF (a bare LF is accepted); nil at the end of the stream.
    private func readLine(limit: Int) throws -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if position == buffer.count {
                if try fill() == 0 { return line.isEmpty ? nil : line }
            }
            let byte = buffer[position]
            position += 1
            if byte == UInt8(ascii: "\n") {
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return line
            }
            line.append(byte)
            if line.count > max(limit, 2) { throw malformed("a header or chunk line too long") }
        }
    }

    /// Reads more bytes into the buffer; returns how many (0 at the end of the stream).
    private func fill() throws -> Int {
        guard let handle else { return 0 }
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        var error = [CChar](repeating: 0, count: 512)
        let count = chunk.withUnsafeMutableBytes { vigil_read(handle, $0.baseAddress, $0.count, &error, error.count) }
        if count < 0 {
            close()
            throw ForgeError(.unavailable, Self.text(error))
        }
        buffer += chunk[0..<Int(count)]
        return Int(count)
    }
}
