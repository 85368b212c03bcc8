import Foundation
import VigilModel

/// Appends one JSON line per gate decision that is not a plain accept: a rejection, a warning,
/// an override used or refused, a push rejected because something could not be read, a timeout,
/// an accept with no pusher known. Each line is one `write(2)` to a file opened with `O_APPEND`,
/// so concurrent hooks never overwrite each other; a write that fails is an error (the hook
/// then rejects a push to a protected ref: a decision that cannot be recorded is not made).
public enum AuditLog {
    public static func append(path: String, decision: String, pusher: Pusher?, reason: String?, verdict: GateVerdict,
                              updates: [RefUpdate], now: Date = Date()) throws {
        var fields: [(String, JSONValue)] = [
            ("time", .string(Timestamp.iso8601(seconds: Int64(now.timeIntervalSince1970), offsetMinutes: 0))),
            ("decision", .string(decision)),
            ("user", pusher.map { .string($0.name) } ?? .null),
            ("pusherKnown", .bool(pusher != nil)),
            ("refs", .array(updates.map { .object([("ref", .string($0.ref)), ("old", .string($0.old)), ("new", .string($0.new))]) })),
            ("violations", .array(verdict.violations.map { v in
                .object([("commit", .string(v.commit.hex)), ("ref", .string(v.ref)), ("rule", .string(v.rule)),
                         ("action", .string(v.action.rawValue)), ("missing", .string(v.missing.auditName))])
            })),
            ("failures", .array(verdict.failures.map { f in
                .object([("ref", .string(f.ref)), ("commit", f.commit.map { .string($0) } ?? .null), ("reason", .string(f.reason)),
                         ("protected", .bool(f.isProtected))])
            })),
        ]
        if let reason { fields.append(("reason", .string(reason))) }
        try appendLine(JSONValue.object(fields).serialized(), to: path)
    }

    /// Writes `line` and a newline with one `write(2)` on an `O_APPEND` descriptor.
    static func appendLine(_ line: String, to path: String) throws {
        let bytes = Array((line + "\n").utf8)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw GateError("cannot open the audit log \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw GateError("cannot write the audit log \(path): \(written < 0 ? String(cString: strerror(errno)) : "short write")")
        }
    }

    /// The decision a verdict records, or nil for a plain accept (nothing to log).
    public static func decision(for verdict: GateVerdict) -> String? {
        if verdict.failures.contains(where: \.isProtected) { return "fail-closed" }
        if verdict.rejects { return "rejected" }
        if verdict.override != nil { return "override" }
        if !verdict.violations.isEmpty || !verdict.failures.isEmpty { return "warned" }
        if verdict.pusherUnknown { return "accepted-unknown-pusher" }
        return nil
    }
}

extension Violation.Missing {
    var auditName: String {
        switch self {
        case .approval: return "approval"
        case .signedApproval: return "signed-approval"
        case .agentSignature: return "agent-signature"
        }
    }
}
