import CPCRE2

/// A compiled regular expression (PCRE2, JIT-compiled when the platform allows), with bounded
/// matching: rule files are user input and run inside pre-receive hooks, so a catastrophic pattern
/// must give up (`MatchOutcome.limitExceeded`) instead of hanging a push.
///
/// The compiled code is immutable and shared between threads; the scratch space a match needs
/// (`MatchScratch`) belongs to one thread, so a worker allocates it once, not once per match.
public final class Pattern: @unchecked Sendable, CustomStringConvertible {
    // @unchecked: `code` is written once in init and only read afterwards; PCRE2 documents compiled
    // patterns (JIT included) as safe to use from several threads at once.
    fileprivate let code: OpaquePointer
    fileprivate let matchContext: OpaquePointer?
    /// The pattern as written.
    public let source: String
    public let isJITCompiled: Bool

    /// Most backtracking steps one match may take; PCRE2's default is ten million.
    public static let defaultMatchLimit: UInt32 = 1_000_000
    /// Deepest backtracking one match may reach.
    public static let defaultDepthLimit: UInt32 = 10_000

    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: 1)
        public static let multiline = Options(rawValue: 2)
    }

    /// Compiles `source`. Throws `PatternError` with PCRE2's message and the offset of the fault.
    public init(_ source: String, options: Options = [], matchLimit: UInt32 = Pattern.defaultMatchLimit) throws {
        self.source = source
        var flags = UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF) | UInt32(PCRE2_UCP)
        if options.contains(.caseInsensitive) { flags |= UInt32(PCRE2_CASELESS) }
        if options.contains(.multiline) { flags |= UInt32(PCRE2_MULTILINE) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled = source.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) {
                pcre2_compile_8($0, source.utf8.count, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw PatternError(pattern: source, message: Pattern.message(for: errorCode), offset: errorOffset)
        }
        self.code = compiled
        self.isJITCompiled = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        let context = pcre2_match_context_create_8(nil)
        if let context {
            pcre2_set_match_limit_8(context, matchLimit)
            pcre2_set_depth_limit_8(context, Pattern.defaultDepthLimit)
        }
        self.matchContext = context
    }

    deinit {
        pcre2_match_context_free_8(matchContext)
        pcre2_code_free_8(code)
    }

    public var description: String { source }

    public enum MatchOutcome: Equatable, Sendable {
        /// A match, as a range of UTF-8 offsets into the subject.
        case match(Range<Int>)
        case noMatch
        /// The match limit ran out; the subject is treated as not matching and the caller may report it.
        case limitExceeded
    }

    /// Searches `subject` (its UTF-8 bytes) for the first match.
    public func firstMatch(in subject: String, scratch: MatchScratch? = nil) -> MatchOutcome {
        var copy = subject
        return copy.withUTF8 { firstMatch(inUTF8: $0, scratch: scratch) }
    }

    /// Searches raw bytes (need not be valid UTF-8) for the first match. Without `scratch`, one is
    /// made for this match only.
    public func firstMatch(inUTF8 bytes: UnsafeBufferPointer<UInt8>, scratch: MatchScratch? = nil) -> MatchOutcome {
        let own = scratch ?? MatchScratch()
        let rc = run(bytes, own)
        if rc >= 0 {
            let ovector = pcre2_get_ovector_pointer_8(own.data)!
            return .match(Int(ovector[0])..<max(Int(ovector[0]), Int(ovector[1])))
        }
        if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT {
            return .limitExceeded
        }
        return .noMatch
    }

    fileprivate func run(_ bytes: UnsafeBufferPointer<UInt8>, _ scratch: MatchScratch) -> Int32 {
        // PCRE2 wants a non-null pointer even for an empty subject.
        let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        return pcre2_match_8(code, base, bytes.count, 0, 0, scratch.data, matchContext)
    }

    /// True when `subject` contains a match (a limit overrun counts as no match).
    public func matches(_ subject: String, scratch: MatchScratch? = nil) -> Bool {
        if case .match = firstMatch(in: subject, scratch: scratch) { return true }
        return false
    }

    /// The matched text, if any.
    public func firstMatchText(in subject: String, scratch: MatchScratch? = nil) -> String? {
        guard case .match(let range) = firstMatch(in: subject, scratch: scratch) else { return nil }
        let utf8 = Array(subject.utf8)
        return String(decoding: utf8[range], as: UTF8.self)
    }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        guard length > 0 else { return "invalid regular expression (PCRE2 error \(errorCode))" }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }
}

/// A regular expression that does not compile.
public struct PatternError: Error, CustomStringConvertible, Sendable, Equatable {
    public let pattern: String
    public let message: String
    /// Offset in the pattern (UTF-8 code units) where PCRE2 found the fault.
    public let offset: Int

    public var description: String { "invalid regular expression '\(pattern)': \(message) at offset \(offset)" }
}

extension Pattern {
    /// A match's whole text and its first capture group (the whole text when the pattern has none).
    public struct Capture: Sendable, Equatable {
        public var whole: String
        public var group: String
    }

    /// The first match's text and first group.
    public func firstCapture(in subject: String, scratch: MatchScratch? = nil) -> Capture? {
        var copy = subject
        let own = scratch ?? MatchScratch()
        return copy.withUTF8 { bytes -> Capture? in
            guard run(bytes, own) >= 1 else { return nil }
            let count = Int(pcre2_get_ovector_count_8(own.data))
            let ovector = pcre2_get_ovector_pointer_8(own.data)!
            func text(_ i: Int) -> String? {
                guard i < count, ovector[2 * i] != .max, ovector[2 * i + 1] >= ovector[2 * i] else { return nil }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(ovector[2 * i])..<Int(ovector[2 * i + 1])]), as: UTF8.self)
            }
            guard let whole = text(0) else { return nil }
            return Capture(whole: whole, group: text(1) ?? whole)
        }
    }
}

/// The space one match needs (PCRE2's match data), owned by one thread and reused for every match
/// it runs. Room for 16 capture groups; patterns with more report only the first 16.
public final class MatchScratch {
    fileprivate let data: OpaquePointer

    public init() {
        guard let data = pcre2_match_data_create_8(17, nil) else {
            fatalError("PCRE2 could not allocate match data") // out of memory
        }
        self.data = data
    }

    deinit { pcre2_match_data_free_8(data) }
}
