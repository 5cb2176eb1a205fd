import Foundation
@testable import Storage
import Testing

@Suite struct StorageErrorTests {
    @Test func dataDirInUseDescriptionNamesThePath() {
        #expect(
            StorageError.dataDirInUse(path: "/var/lib/switchboard").description
                == "data dir /var/lib/switchboard is in use by another node"
        )
    }

    @Test func secondOpenInTheSameProcessIsDataDirInUse() throws {
        try withTemporaryDirectory { path in
            let database = try Database.open(at: path)
            #expect(throws: StorageError.dataDirInUse(path: path)) { try Database.open(at: path) }
            try database.put([1], [1], in: .state)
        }
    }

    @Test func garbageCurrentFileIsCorruptionNamingThePath() throws {
        try withTemporaryDirectory { path in
            do {
                let database = try Database.open(at: path)
                try database.put([1], [1], in: .state)
            }
            try Data("not a manifest name".utf8).write(to: URL(fileURLWithPath: path + "/CURRENT"))
            try expectCorruption(at: path)
        }
    }

    @Test func garbageManifestIsCorruptionNamingThePath() throws {
        try withTemporaryDirectory { path in
            do {
                let database = try Database.open(at: path)
                try database.put([1], [1], in: .state)
            }
            let manifests = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("MANIFEST-") }
            try #require(!manifests.isEmpty)
            for manifest in manifests {
                try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) })
                    .write(to: URL(fileURLWithPath: path + "/" + manifest))
            }
            try expectCorruption(at: path)
        }
    }

    @Test func missingCurrentWithDataFilesIsCorruptionNotAFreshDatabase() throws {
        try withTemporaryDirectory { path in
            do {
                let database = try Database.open(at: path)
                try database.put([1], [1], in: .state)
            }
            try FileManager.default.removeItem(atPath: path + "/CURRENT")
            try expectCorruption(at: path)
        }
    }

    @Test func rocksDBMessagesMapToTypedErrors() {
        let path = "/data"
        #expect(
            StorageError(rocksDBMessage: "IO error: While lock file: /data/LOCK: Resource temporarily unavailable", path: path)
                == .dataDirInUse(path: path)
        )
        let full = "IO error: No space left on device: While appending to file: /data/000012.log: No space left on device"
        #expect(StorageError(rocksDBMessage: full, path: path) == .diskFull(path: path, message: full))
        let corrupt = "Corruption: block checksum mismatch: stored = 1, computed = 2"
        #expect(StorageError(rocksDBMessage: corrupt, path: path) == .corruption(path: path, message: corrupt))
        let io = "IO error: No such file or directory: While open a file for random read: /data/000007.sst"
        #expect(StorageError(rocksDBMessage: io, path: path) == .io(path: path, message: io))
        let invalid = "Invalid argument: Directory exists"
        #expect(StorageError(rocksDBMessage: invalid, path: path) == .invalidArgument(path: path, message: invalid))
        #expect(StorageError(rocksDBMessage: "Resource busy: ", path: path) == .rocksDB(path: path, message: "Resource busy: "))
    }

    private func expectCorruption(at path: String) throws {
        let error = #expect(throws: StorageError.self) { try Database.open(at: path) }
        guard case .corruption(let reportedPath, _) = error else {
            Issue.record("expected .corruption, got \(String(describing: error))")
            return
        }
        #expect(reportedPath == path)
        #expect(error?.description.contains(path) == true)
    }
}
