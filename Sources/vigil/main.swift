import ArgumentParser
import Foundation

// Exit codes are part of vigil's interface (README, "Exit codes"): 0 success, 1 a policy or gate
// failed, 2 bad usage or bad input, 3 the repository could not be read, 130 interrupted.
do {
    var command = try Vigil.parseAsRoot()
    try command.run()
    exit(ExitStatus.success)
} catch let exitCode as ExitCode {
    exit(exitCode.rawValue)
} catch let failure as CommandFailure {
    Diagnostics.say(failure.message)
    exit(failure.exitCode)
} catch {
    // ArgumentParser's own errors: help and version exit 0; usage errors exit 2 (not its default 64).
    let code = Vigil.exitCode(for: error)
    if code == .success { Vigil.exit(withError: error) }
    if Vigil.isParserError(error) {
        // Usage errors, in vigil's own voice: one line, `vigil: <what is wrong>`.
        var message = Vigil.message(for: error)
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        Diagnostics.say("\(line) (see --help)")
        exit(ExitStatus.badInput)
    }
    let failure = ExitStatus.failure(for: error)
    Diagnostics.say(failure.message)
    exit(failure.exitCode)
}
