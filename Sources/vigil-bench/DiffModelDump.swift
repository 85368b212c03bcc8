import Foundation
import VigilAnalysis
import VigilModel
import VigilRules

/// `vigil-bench diff-model PATH OLD NEW`: what the diff model makes of two versions of a file
/// (each changed line's kind, move and scope, and the settings of both sides), for checking the
/// model by eye on real files.
func diffModelDump(path: String, oldFile: String, newFile: String) throws {
    func lines(_ file: String) throws -> [String]? {
        if file == "-" { return nil }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        var split = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if split.last == "" { split.removeLast() }
        return split
    }
    let diff = LineDiff.fileDiff(path: path, old: try lines(oldFile), new: try lines(newFile))
    let file = ChangedFile(diff: diff, classes: [])
    _ = CommitDiff(files: [file])
    file.assignKinds()
    print("status \(file.status.rawValue), language \(file.language.rawValue), problem \(file.parseProblem ?? "none")")
    for (side, mark) in [(RiskFlag.Side.removed, "-"), (.added, "+")] {
        for line in file.lines(side) {
            let scope = file.side(side)?.scope(line.number)
            print("\(mark)\(line.number)\t\(line.kind)\t\(line.move)\t[\(scope?.name ?? "")|\(scope?.control.joined(separator: ">") ?? "")]\t\(line.text)")
        }
    }
    for (name, text) in [("old", file.old), ("new", file.new)] {
        for b in text?.bindings(where: { _ in true }) ?? [] {
            print("\(name) binding \(b.qualifiedKey) = \(b.value) (lines \(b.first)-\(b.last), value at \(b.valueLine))")
        }
    }
}

/// `vigil-bench findings RULES_DIR PATH OLD NEW`: the findings the rules make of two versions of
/// a file, as JSON lines.
func findingsDump(rules directory: String, path: String, oldFile: String, newFile: String) throws {
    func lines(_ file: String) throws -> [String]? {
        if file == "-" { return nil }
        var split = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if split.last == "" { split.removeLast() }
        return split
    }
    let rules = try RuleSet.load(directory: directory)
    let diff = LineDiff.fileDiff(path: path, old: try lines(oldFile), new: try lines(newFile))
    let result = RiskEngine(rules: rules.risk).scan([diff.change], klass: .ai, review: .unreviewed) { _ in diff }
    for flag in result.flags { print(flag.json.serialized()) }
    for problem in result.problems { print("problem: \(problem)") }
}
