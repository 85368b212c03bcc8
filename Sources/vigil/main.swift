import ArgumentParser
import Foundation

// Exit codes are part of vigil's interface (README, "Exit codes"): 0 success, 1 a policy or gate
// failed, 2 bad usage or bad input, 3 the repository could not be read, 130 interrupted.
do {
    var command = try Vigil.parseAsRoot()
    try command.run()
    exit(0)
} catch let failure as CommandFailure {
    FileHandle.standardError.write(Data("vigil: \(failure.message)\n".utf8))
    exit(failure.exitCode)
} catch {
    // ArgumentParser's own errors: help and version exit 0; usage errors exit 2 (not its default 64).
    let code = Vigil.exitCode(for: error)
    if code == .success {
        Vigil.exit(withError: error)
    }
    let message = Vigil.fullMessage(for: error)
    FileHandle.standardError.write(Data("\(message)\n".utf8))
    exit(code == .validationFailure ? ExitStatus.badInput : code.rawValue)
}
