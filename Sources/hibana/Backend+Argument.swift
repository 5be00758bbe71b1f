import ArgumentParser
import Hibana

extension Backend: ExpressibleByArgument {}
extension Precision: ExpressibleByArgument {}
