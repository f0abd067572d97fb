//! placeholder tutorial
