import ArgumentParser
import Foundation
import VigilRules

/// Which push policy: `--policy FILE`, else `policy.yml` among the rules.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Policy file (default: policy.yml in the rules).", valueName: "file"))
    var policy: String?

    func load(rules: RuleSet) throws -> PushPolicy {
        if let policy {
            guard let text = try? String(contentsOfFile: policy, encoding: .utf8) else {
                throw CommandFailure(message: "\(policy): cannot read policy", exitCode: ExitStatus.badInput)
            }
            return try PushPolicy.load(yaml: text, file: policy)
        }
        guard let loaded = rules.policy else {
            throw CommandFailure(message: "no policy: \(rules.source) has no policy.yml (give --policy FILE)", exitCode: ExitStatus.badInput)
        }
        return loaded
    }
}
