//! Hashes as the vault stores and shows them.

use sha2::{Digest, Sha256};

/// The SHA-256 of `bytes` in lower-case hex: how protocol sources, form texts,
/// consent evidence and item ciphertexts are identified.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_hex_is_lower_case_hex() {
        assert_eq!(
            super::sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
