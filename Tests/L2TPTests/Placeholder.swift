import Testing
@testable import L2TP
