import Foundation
import PackagePlugin

/// Generates `EmbeddedRules+Generated.swift` from the package's `rules/` on every build, so the
/// copy of the rules built into vigil can never be stale (and no script has to be remembered).
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedRules+Generated.swift")
        var inputs: [URL] = []
        if let walk = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil) {
            for case let url as URL in walk where ["yml", "yaml"].contains(url.pathExtension) { inputs.append(url) }
        }
        return [.buildCommand(
            displayName: "Embedding rules/ into \(target.name)",
            executable: try context.tool(named: "EmbedRulesTool").url,
            arguments: [rules.path(percentEncoded: false), output.path(percentEncoded: false)],
            inputFiles: inputs.sorted { $0.path < $1.path },
            outputFiles: [output])]
    }
}
