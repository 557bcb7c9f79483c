fn main() {
    // The app's configuration lives at the repository root, beside the workspace manifest.
    let windows = tauri_build::WindowsAttributes::new().window_icon_path("../icons/icon.ico");
    let attributes = tauri_build::Attributes::new().config_path("../tauri.conf.json").windows_attributes(windows);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build script failed: {error:#}");
    }
}
