import Foundation
import VigilAnalysis
import VigilForge
import VigilGate
import VigilGit
import VigilModel
import VigilPatterns
import VigilRules
import VigilStore

/// Documented exit statuses (README, "Exit codes").
enum ExitStatus {
    static let success: Int32 = 0
    /// A policy or gate failed, or findings at `--fail-on`.
    static let gateFailed: Int32 = 1
    /// Bad usage or bad input.
    static let badInput: Int32 = 2
    /// The repository could not be read in full: results are incomplete.
    static let unreadable: Int32 = 3
    /// The results could not be written (standard output or `-o` failed: a full disk, a closed pipe).
    static let writeFailed: Int32 = 4
    static let interrupted: Int32 = 130

    /// The one mapping from what went wrong to what vigil says and how it exits.
    static func failure(for error: Error) -> CommandFailure {
        switch error {
        case let failure as CommandFailure: return failure
        case let rules as RuleFileError: return CommandFailure(message: rules.description, exitCode: badInput)
        case let index as IndexError: return CommandFailure(message: index.message, exitCode: badInput)
        case let pattern as PatternError: return CommandFailure(message: pattern.description, exitCode: badInput)
        case let gate as GateError: return CommandFailure(message: gate.description, exitCode: gateFailed)
        case let forge as ForgeError:
            switch forge.kind {
            case .denied, .badInput: return CommandFailure(message: forge.message, exitCode: badInput)
            case .unavailable: return CommandFailure(message: forge.message, exitCode: unreadable)
            }
        case let git as GitError:
            switch git.kind {
            case .notARepository, .badRevision: return CommandFailure(message: git.message, exitCode: badInput)
            case .notFound, .corrupt, .malformed, .other: return CommandFailure(message: git.message, exitCode: unreadable)
            }
        default:
            return CommandFailure(message: String(describing: error), exitCode: unreadable)
        }
    }
}

/// A failure a command reports in one line, with its exit status.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let exitCode: Int32
    var description: String { message }
}
