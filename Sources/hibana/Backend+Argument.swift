import ArgumentParser
import Hibana

extension Backend: ExpressibleByArgument {}
