@_exported import HibanaBuild
@_exported import HibanaCommunication
@_exported import HibanaDescription
@_exported import HibanaEngine
@_exported import HibanaModels
@_exported import HibanaOutput
@_exported import HibanaEngineCUDA
@_exported import HibanaCUDA
