# Sourced by run.sh and test.sh: tool paths shared by both.
# cargo-leptos runs the wasm-opt it finds on PATH: ours comes from npm `binaryen`.
export PATH="$PWD/end2end/node_modules/.bin:$HOME/.cargo/bin:$PATH"
