//! The built-in policies are compiled into the binary (include_dir!), which does not notice
//! added or removed files by itself; watching the folder makes cargo rebuild when it changes.
fn main() {
    println!("cargo:rerun-if-changed=policies");
}
