import Foundation

extension LabFile {
    /// The seed lab shipped in this module's resources (Sources/Lab/Seed).
    public static func builtinSeed() throws(LabFileError) -> LabFile {
        guard let url = Bundle.module.url(forResource: "seed", withExtension: "yaml", subdirectory: "Seed") else {
            throw LabFileError(file: "Seed/seed.yaml", line: nil, key: "file", message: "missing from the build's resources")
        }
        return try load(url)
    }
}
