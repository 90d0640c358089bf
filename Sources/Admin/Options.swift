/// Command-line options of one subcommand: positional arguments, `--name value` pairs
/// (repeatable) and `--flag` switches, with errors that say what was expected.
struct Options {
    private(set) var positional: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []

    /// `valued` lists the options that take a value; any other `--x` is a flag if in `switches`.
    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = []) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--") {
                var name = String(argument.dropFirst(2))
                var inlineValue: String?
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                if valued.contains(name) {
                    if let inlineValue {
                        values[name, default: []].append(inlineValue)
                    } else {
                        guard index + 1 < arguments.count else {
                            throw CommandError("option --\(name) expects a value", exitCode: ExitCode.usage)
                        }
                        values[name, default: []].append(arguments[index + 1])
                        index += 1
                    }
                } else if switches.contains(name), inlineValue == nil {
                    flags.insert(name)
                } else {
                    throw CommandError("unknown option --\(name)", exitCode: ExitCode.usage)
                }
            } else {
                positional.append(argument)
            }
            index += 1
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws -> String {
        guard let value = value(name) else {
            throw CommandError("missing --\(name)", exitCode: ExitCode.usage)
        }
        return value
    }
}
