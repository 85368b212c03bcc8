import Foundation

/// An allowed-signers file in the format `ssh-keygen -Y verify` and git read (`ssh-keygen(1)`,
/// "ALLOWED SIGNERS"): `principals [options] keytype base64-key [comment]` a line, where options
/// are `namespaces="…"`, `valid-after="…"`, `valid-before="…"` (and `cert-authority`, which vigil
/// does not support: such lines are skipped and said so in `problems`).
public struct AllowedSigners: Sendable {
    public struct Entry: Sendable {
        /// The principals pattern list, as written (`alice@example.com`, `*@example.com,!eve@example.com`).
        public var principals: String
        public var key: SSHPublicKey
        /// The namespaces pattern list; nil allows any namespace.
        public var namespaces: String?
        public var validAfter: Int64?
        public var validBefore: Int64?
        /// 1-based line in the file.
        public var line: Int

        public func allows(principal: String) -> Bool { PatternList.matches(principal, list: principals) }
        public func allows(namespace: String) -> Bool { namespaces.map { PatternList.matches(namespace, list: $0) } ?? true }
    }

    /// Why a key is not allowed to sign for a principal, or which line allows it.
    public enum Check: Sendable {
        case allowed(Entry)
        /// No line holds the key.
        case unknownKey
        /// Lines hold the key, for other principals only.
        case otherPrincipal([String])
        case wrongNamespace(Entry)
        case notYetValid(Entry)
        case expired(Entry)
    }

    public private(set) var entries: [Entry] = []
    /// Lines skipped, with why (file:line: …).
    public private(set) var problems: [String] = []
    public let file: String

    public static func load(path: String) throws -> AllowedSigners {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SignerFileError("\(path): cannot read the allowed-signers file")
        }
        return AllowedSigners(text: String(decoding: data, as: UTF8.self), file: path)
    }

    public init(text: String, file: String = "allowed_signers") {
        self.file = file
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                if let entry = try Self.parse(line, number: index + 1) { entries.append(entry) }
            } catch {
                problems.append("\(file):\(index + 1): \(error)")
            }
        }
    }

    /// Every line whose key is `key`.
    public func entries(for key: SSHPublicKey) -> [Entry] { entries.filter { $0.key == key } }

    /// Whether `key` may sign for `principal` in `namespace` at `time`, as `ssh-keygen -Y verify
    /// -I principal` decides it: the first line where principal, key, namespace and validity all
    /// pass allows it; otherwise the closest failure is given.
    public func check(key: SSHPublicKey, principal: String, namespace: String, at time: Int64) -> Check {
        let lines = entries(for: key)
        guard !lines.isEmpty else { return .unknownKey }
        let forPrincipal = lines.filter { $0.allows(principal: principal) }
        guard !forPrincipal.isEmpty else { return .otherPrincipal(lines.map(\.principals)) }
        var failure: Check?
        for entry in forPrincipal {
            if !entry.allows(namespace: namespace) { failure = failure ?? .wrongNamespace(entry); continue }
            if let after = entry.validAfter, time < after { failure = .notYetValid(entry); continue }
            if let before = entry.validBefore, time > before { failure = .expired(entry); continue }
            return .allowed(entry)
        }
        return failure ?? .unknownKey
    }

    // MARK: Parsing

    static func parse(_ line: String, number: Int) throws -> Entry? {
        var rest = Substring(line)
        let principals = try token(&rest)
        var options: String?
        var keyType = try token(&rest)
        if SSHPublicKey.Kind(rawValue: keyType) == nil && !Self.looksLikeKeyType(keyType) {
            options = keyType
            keyType = try token(&rest)
        }
        let base64 = try token(&rest)
        var entry = Entry(principals: principals, key: try SSHPublicKey(openSSH: "\(keyType) \(base64)"),
                          namespaces: nil, validAfter: nil, validBefore: nil, line: number)
        if let options {
            for option in try Self.split(options: options) {
                let (name, value) = option
                switch name.lowercased() {
                case "namespaces":
                    guard entry.namespaces == nil, let value else { throw SignerFileError("namespaces given twice or empty") }
                    entry.namespaces = value
                case "valid-after":
                    guard entry.validAfter == nil, let value else { throw SignerFileError("valid-after given twice or empty") }
                    entry.validAfter = try SignerTime.parse(value)
                case "valid-before":
                    guard entry.validBefore == nil, let value else { throw SignerFileError("valid-before given twice or empty") }
                    entry.validBefore = try SignerTime.parse(value)
                case "cert-authority":
                    throw SignerFileError("cert-authority lines are not supported (list each key)")
                default:
                    throw SignerFileError("unknown key option '\(name.prefix(40))'")
                }
            }
            if let after = entry.validAfter, let before = entry.validBefore, before <= after {
                throw SignerFileError("valid-before is not after valid-after")
            }
        }
        return entry
    }

    static func looksLikeKeyType(_ token: String) -> Bool {
        token.hasPrefix("ssh-") || token.hasPrefix("ecdsa-") || token.hasPrefix("sk-") || token.hasSuffix("@openssh.com")
    }

    /// One whitespace-delimited token; a double-quoted token may hold spaces (quotes kept off).
    static func token(_ rest: inout Substring) throws -> String {
        rest = rest.drop { $0 == " " || $0 == "\t" }
        guard !rest.isEmpty else { throw SignerFileError("line ends before its key") }
        var result = ""
        var quoted = false
        while let c = rest.first {
            if c == "\"" { quoted.toggle(); rest = rest.dropFirst(); result.append(c); continue }
            if !quoted && (c == " " || c == "\t") { break }
            result.append(c)
            rest = rest.dropFirst()
        }
        guard !quoted else { throw SignerFileError("unterminated quote") }
        if result.hasPrefix("\"") && result.hasSuffix("\"") && result.count >= 2 && !result.dropFirst().dropLast().contains("\"") {
            return String(result.dropFirst().dropLast())
        }
        return result
    }

    /// `a,b="x,y",c` into (name, value) pairs, commas inside quotes kept.
    static func split(options: String) throws -> [(String, String?)] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        for c in options {
            if c == "\"" { quoted.toggle(); current.append(c); continue }
            if c == "," && !quoted { parts.append(current); current = ""; continue }
            current.append(c)
        }
        guard !quoted else { throw SignerFileError("unterminated quote in options") }
        parts.append(current)
        return try parts.map { part in
            guard let eq = part.firstIndex(of: "=") else { return (part, nil) }
            var value = String(part[part.index(after: eq)...])
            guard value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 else {
                throw SignerFileError("option '\(part.prefix(40))' needs a double-quoted value")
            }
            value = String(value.dropFirst().dropLast())
            return (String(part[..<eq]), value)
        }
    }
}

/// A line or file of an allowed-signers or revoked-keys file that cannot be used.
public struct SignerFileError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// OpenSSH's pattern lists (`ssh_config(5)` PATTERNS): `*` and `?` wildcards, comma-separated,
/// a `!` entry that matches makes the whole list fail. Case-sensitive, as for principals.
enum PatternList {
    static func matches(_ value: String, list: String) -> Bool {
        var positive = false
        for raw in list.split(separator: ",", omittingEmptySubsequences: true) {
            let negated = raw.hasPrefix("!")
            let pattern = negated ? raw.dropFirst() : raw[...]
            if wildcard(Array(value.utf8)[...], Array(pattern.utf8)[...]) {
                if negated { return false }
                positive = true
            }
        }
        return positive
    }

    static func wildcard(_ s: ArraySlice<UInt8>, _ p: ArraySlice<UInt8>) -> Bool {
        var s = s, p = p
        var starP: ArraySlice<UInt8>?, starS: ArraySlice<UInt8>?
        while true {
            if let c = p.first, c == UInt8(ascii: "*") {
                p = p.dropFirst()
                starP = p
                starS = s
                continue
            }
            if let sc = s.first, let pc = p.first, pc == UInt8(ascii: "?") || pc == sc {
                s = s.dropFirst()
                p = p.dropFirst()
                continue
            }
            if s.isEmpty && p.isEmpty { return true }
            guard let sp = starP, var ss = starS, !ss.isEmpty else { return false }
            ss = ss.dropFirst()
            starS = ss
            s = ss
            p = sp
        }
    }
}

/// `YYYYMMDD[Z]` or `YYYYMMDDHHMM[SS][Z]` (a `UTC` suffix too); without Z, the server's local
/// time, as OpenSSH reads it. A date alone means 00:00:00 of that day.
enum SignerTime {
    static func parse(_ text: String) throws -> Int64 {
        var digits = text
        var utc = false
        if digits.hasSuffix("Z") || digits.hasSuffix("z") { digits.removeLast(); utc = true }
        else if digits.uppercased().hasSuffix("UTC") { digits.removeLast(3); utc = true }
        guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), [8, 12, 14].contains(digits.count) else {
            throw SignerFileError("time '\(text.prefix(30))' is not YYYYMMDD[HHMM[SS]][Z]")
        }
        let n = digits.map { Int(String($0))! }
        func number(_ range: Range<Int>) -> Int { n[range].reduce(0) { $0 * 10 + $1 } }
        var parts = DateComponents()
        parts.year = number(0..<4)
        parts.month = number(4..<6)
        parts.day = number(6..<8)
        parts.hour = digits.count >= 12 ? number(8..<10) : 0
        parts.minute = digits.count >= 12 ? number(10..<12) : 0
        parts.second = digits.count == 14 ? number(12..<14) : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc ? TimeZone(identifier: "UTC")! : TimeZone.current
        guard (1...12).contains(parts.month!), (1...31).contains(parts.day!), parts.hour! < 24, parts.minute! < 60,
              parts.second! < 61, let date = calendar.date(from: parts) else {
            throw SignerFileError("time '\(text.prefix(30))' is not a valid date")
        }
        return Int64(date.timeIntervalSince1970)
    }
}
