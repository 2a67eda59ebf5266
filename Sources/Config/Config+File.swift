import Wire

extension Config {
    /// Parses a config file as read from disk. A byte that is not UTF-8 is the file's one error,
    /// naming its line and its offset in the file.
    public static func parse(file bytes: some Collection<UInt8>, model: String = "RTX830") throws(ConfigErrors) -> Config {
        let checked = check(file: bytes, model: model)
        guard let config = checked.config else { throw ConfigErrors(checked.errors) }
        return config
    }

    /// `check` for a file's bytes: a byte that is not UTF-8 is the file's one error.
    public static func check(file bytes: some Collection<UInt8>, model: String = "RTX830") -> ConfigCheck {
        let text: String
        do { text = try String(utf8File: bytes) } catch {
            let error = ConfigError(.invalidUTF8(byteOffset: error.byteOffset), line: error.line, text: error.text.trimmingWhitespace)
            return ConfigCheck(config: nil, errors: [error], warnings: [])
        }
        return check(text, model: model)
    }
}
