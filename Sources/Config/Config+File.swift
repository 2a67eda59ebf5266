import Wire

extension Config {
    /// Parses a config file as read from disk. A byte that is not UTF-8 is the file's one error,
    /// naming its line and its offset in the file.
    public static func parse(file bytes: some Collection<UInt8>, model: String = "RTX830") throws(ConfigErrors) -> Config {
        let text: String
        do { text = try String(utf8File: bytes) } catch {
            throw ConfigErrors([ConfigError(.invalidUTF8(byteOffset: error.byteOffset), line: error.line, text: error.text.trimmingWhitespace)])
        }
        return try parse(text, model: model)
    }
}
