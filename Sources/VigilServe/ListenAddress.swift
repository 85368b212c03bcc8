/// Where `vigil serve` listens: `HOST:PORT`, `[IPv6]:PORT`, or a port alone (on 127.0.0.1).
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:8080`, `[::1]:8080`, `localhost:0`, `8080`; nil for anything else.
    public init?(parsing text: String) {
        if let port = Int(text) {
            self.init(host: "127.0.0.1", port: port)
        } else if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), !host.isEmpty else { return nil }
            self.init(host: host, port: port)
        } else if let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") {
            guard let port = Int(text[text.index(after: colon)...]), colon != text.startIndex else { return nil }
            self.init(host: String(text[..<colon]), port: port)
        } else {
            return nil
        }
        guard (0...65_535).contains(port) else { return nil }
    }

    /// True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`.
    /// Everything else (0.0.0.0, ::, a LAN address, a name) may be reachable from elsewhere.
    public var isLoopback: Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
