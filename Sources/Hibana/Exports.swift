@_exported import HibanaDescription
@_exported import HibanaModels
