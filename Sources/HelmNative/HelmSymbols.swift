#if canImport(Glibc)
import Glibc
#endif

/// The C functions of `libhelm_c` that Flotilla calls, with the signatures of `helm_c.h`
/// (as helm-python-sdk's `_native.py` declares them). Library-owned strings come back as raw
/// pointers so that they can be handed to `helm_free_string`.
struct HelmSymbols {
    typealias StringOut = UnsafeMutablePointer<UnsafeMutableRawPointer?>
    typealias Version = @convention(c) () -> UnsafeMutableRawPointer?
    typealias FreeString = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias ChartLoad = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<UInt64>?, StringOut?) -> Int32
    typealias ChartString = @convention(c) (UInt64, StringOut?, StringOut?) -> Int32
    typealias ChartFree = @convention(c) (UInt64, StringOut?) -> Int32
    typealias Render =
        @convention(c) (UInt64, UnsafePointer<CChar>?, UnsafePointer<CChar>?, StringOut?, StringOut?) -> Int32
    typealias StringIn = @convention(c) (UnsafePointer<CChar>?, StringOut?, StringOut?) -> Int32
    typealias ClientNew = @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<UInt64>?, StringOut?) -> Int32
    typealias Pull =
        @convention(c) (UInt64, UnsafePointer<CChar>?, UnsafePointer<CChar>?, StringOut?, StringOut?) -> Int32
    typealias Tags = @convention(c) (UInt64, UnsafePointer<CChar>?, StringOut?, StringOut?) -> Int32
    typealias Login =
        @convention(c) (
            UInt64, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
            StringOut?
        ) -> Int32
    typealias Logout = @convention(c) (UInt64, UnsafePointer<CChar>?, StringOut?) -> Int32

    let cVersion: Version
    let sdkVersion: Version
    let freeString: FreeString
    let chartLoad: ChartLoad
    let chartMetadata: ChartString
    let chartCRDs: ChartString
    let chartFree: ChartFree
    let render: Render
    let valuesFromYAML: StringIn
    let strvalsParse: StringIn
    let strvalsParseString: StringIn
    let strvalsParseLiteral: StringIn
    let registryClientNew: ClientNew
    let registryClientFree: ChartFree
    let pull: Pull
    let registryTags: Tags
    let registryLogin: Login
    let registryLogout: Logout

    /// Binds every symbol; a missing one means the file is not a helm-c library.
    init(_ handle: UnsafeMutableRawPointer, path: String) throws(HelmLibraryError) {
        func bind<T>(_ name: String, as type: T.Type) throws(HelmLibraryError) -> T {
            guard let symbol = dlsym(handle, name) else {
                throw HelmLibraryError("\(path) does not export \(name): it is not a helm-c library (helm-python-sdk)")
            }
            return unsafeBitCast(symbol, to: type)
        }
        cVersion = try bind("helm_c_version", as: Version.self)
        sdkVersion = try bind("helm_sdk_version", as: Version.self)
        freeString = try bind("helm_free_string", as: FreeString.self)
        chartLoad = try bind("helm_chart_load", as: ChartLoad.self)
        chartMetadata = try bind("helm_chart_metadata", as: ChartString.self)
        chartCRDs = try bind("helm_chart_crds", as: ChartString.self)
        chartFree = try bind("helm_chart_free", as: ChartFree.self)
        render = try bind("helm_render", as: Render.self)
        valuesFromYAML = try bind("helm_values_from_yaml", as: StringIn.self)
        strvalsParse = try bind("helm_strvals_parse", as: StringIn.self)
        strvalsParseString = try bind("helm_strvals_parse_string", as: StringIn.self)
        strvalsParseLiteral = try bind("helm_strvals_parse_literal", as: StringIn.self)
        registryClientNew = try bind("helm_registry_client_new", as: ClientNew.self)
        registryClientFree = try bind("helm_registry_client_free", as: ChartFree.self)
        pull = try bind("helm_pull", as: Pull.self)
        registryTags = try bind("helm_registry_tags", as: Tags.self)
        registryLogin = try bind("helm_registry_login", as: Login.self)
        registryLogout = try bind("helm_registry_logout", as: Logout.self)
    }
}
