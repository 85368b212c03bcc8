import Foundation
import VigilGit
import VigilModel

/// Appends one JSON line per gate decision that a person may need to answer for: every override,
/// every rejection, every timeout.
public enum AuditLog {
    public static func append(path: String, decision: String, pusher: Pusher?, reason: String?, verdict: GateVerdict, updates: [RefUpdate]) {
        var record: [String: Any] = [
            "time": ISO8601DateFormatter().string(from: Date()),
            "decision": decision,
            "user": pusher?.name ?? "",
            "refs": updates.map { ["ref": $0.ref, "old": $0.old, "new": $0.new] },
            "violations": verdict.violations.map { ["commit": $0.commit.hex, "ref": $0.ref, "rule": $0.rule, "action": $0.action.rawValue] },
        ]
        if let reason { record["reason"] = reason }
        guard let data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]) else { return }
        let line = data + Data("\n".utf8)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }
}
