//! Crypt4GH interop both ways with the GA4GH Python CLI and library (the oracle):
//! several recipients, ranges, `rearrange` edit lists, re-encryption, protected keys.

use std::path::{Path, PathBuf};
use std::process::Command;

use genofed::connectors::crypt4gh::{self, Crypt4ghReader, PrivateKey, PublicKey};

use super::crypt4gh::{bob, decrypt_all, genofed, keygen, keys, pipe, python, python_c4gh};
use super::support::run;

/// A few MiB of varied plaintext (several 64 KiB segments and a partial last one).
fn plaintext(dir: &Path) -> (PathBuf, Vec<u8>) {
    let mut data = Vec::with_capacity(3 * 65_536 + 1234);
    let mut x: u32 = 12345;
    while data.len() < 3 * 65_536 + 1234 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        data.push((x >> 16) as u8);
    }
    let path = dir.join("plain.bin");
    std::fs::write(&path, &data).unwrap();
    (path, data)
}

#[test]
fn python_encrypts_genofed_decrypts() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, data) = plaintext(dir.path());
    let carol_sk = dir.path().join("carol.sec");
    let carol_pk = dir.path().join("carol.pub");
    keygen(&carol_sk, &carol_pk, None);
    let carol = PrivateKey::read(&carol_sk, None).unwrap();

    // One recipient, then two.
    let one = dir.path().join("one.c4gh");
    pipe(
        Command::new(python_c4gh()).args([
            "encrypt",
            "--sk",
            keys("alice.sec").to_str().unwrap(),
            "--recipient_pk",
            keys("bob.pub").to_str().unwrap(),
        ]),
        &plain,
        &one,
    );
    assert_eq!(decrypt_all(&one, &bob()), data);
    let two = dir.path().join("two.c4gh");
    pipe(
        Command::new(python_c4gh()).args([
            "encrypt",
            "--sk",
            keys("alice.sec").to_str().unwrap(),
            "--recipient_pk",
            keys("bob.pub").to_str().unwrap(),
            "--recipient_pk",
            carol_pk.to_str().unwrap(),
        ]),
        &plain,
        &two,
    );
    assert_eq!(decrypt_all(&two, &bob()), data);
    assert_eq!(decrypt_all(&two, &carol), data);

    // The genofed CLI, reading the encrypted file from standard input.
    let out = dir.path().join("out.bin");
    pipe(
        genofed().args(["crypt4gh", "decrypt", "--sk", carol_sk.to_str().unwrap()]),
        &two,
        &out,
    );
    assert_eq!(std::fs::read(&out).unwrap(), data);

    // `encrypt --range` (a cut plaintext) and `rearrange --range` (an edit list, with
    // untouched segments dropped): genofed reads what the Python CLI decrypts.
    for (command, range) in [
        ("encrypt", "1000-70000"),
        ("encrypt", "5000-200000"),
        ("rearrange", "70000-140000"),
        ("rearrange", "100-200"),
        ("rearrange", "131072-200000"),
    ] {
        let ranged = dir.path().join(format!("{command}-{range}.c4gh"));
        let src = if command == "encrypt" { &plain } else { &one };
        let sk = if command == "encrypt" {
            keys("alice.sec")
        } else {
            keys("bob.sec")
        };
        let mut cmd = Command::new(python_c4gh());
        cmd.args([command, "--sk", sk.to_str().unwrap(), "--range", range]);
        if command == "encrypt" {
            cmd.args(["--recipient_pk", keys("bob.pub").to_str().unwrap()]);
        }
        pipe(&mut cmd, src, &ranged);
        let oracle = dir.path().join("oracle.bin");
        pipe(
            Command::new(python_c4gh()).args([
                "decrypt",
                "--sk",
                keys("bob.sec").to_str().unwrap(),
            ]),
            &ranged,
            &oracle,
        );
        let expected = std::fs::read(&oracle).unwrap();
        assert!(!expected.is_empty());
        assert_eq!(
            decrypt_all(&ranged, &bob()),
            expected,
            "{command} --range {range}"
        );
        if command == "rearrange" {
            let reader = Crypt4ghReader::open(&ranged, &bob()).unwrap();
            assert!(
                reader.header().edit_list.is_some(),
                "rearrange writes an edit list"
            );
        }
    }
}

#[test]
fn genofed_encrypts_python_decrypts() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, data) = plaintext(dir.path());
    let p = |p: &Path| p.to_str().unwrap().to_string();
    let oracle = |enc: &Path, sk: &Path, passphrase: Option<&str>| -> Vec<u8> {
        let out = dir.path().join("oracle.bin");
        let mut cmd = Command::new(python_c4gh());
        cmd.args(["decrypt", "--sk", &p(sk)]);
        match passphrase {
            Some(pw) => cmd.env("C4GH_PASSPHRASE", pw),
            None => cmd.env_remove("C4GH_PASSPHRASE"),
        };
        pipe(&mut cmd, enc, &out);
        std::fs::read(&out).unwrap()
    };
    // A passphrase-protected key made by genofed, read by the Python CLI.
    let dave_sk = dir.path().join("dave.sec");
    let dave_pk = dir.path().join("dave.pub");
    keygen(&dave_sk, &dave_pk, Some("correct horse"));
    assert!(
        std::fs::read_to_string(&dave_sk).unwrap().len() > 150,
        "protected keys carry KDF options"
    );

    let enc = dir.path().join("g.c4gh");
    run(genofed()
        .args([
            "crypt4gh",
            "encrypt",
            "--sk",
            &p(&keys("alice.sec")),
            "--recipient-pk",
            &p(&keys("bob.pub")),
            "--recipient-pk",
            &p(&dave_pk),
            "-i",
            &p(&plain),
            "-o",
            &p(&enc),
        ])
        .env_remove("C4GH_PASSPHRASE"));
    assert_eq!(oracle(&enc, &keys("bob.sec"), None), data);
    assert_eq!(oracle(&enc, &dave_sk, Some("correct horse")), data);

    // `encrypt --range` encrypts only those bytes (no edit list).
    let ranged = dir.path().join("ranged.c4gh");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = [
            "crypt4gh",
            "encrypt",
            "--sk",
            &p(&keys("alice.sec")),
            "--recipient-pk",
            &p(&keys("bob.pub")),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v
    };
    run(genofed().args(args(&[
        "--range",
        "70000-140000",
        "-i",
        &p(&plain),
        "-o",
        &p(&ranged),
    ])));
    assert_eq!(
        oracle(&ranged, &keys("bob.sec"), None),
        data[70_000..140_000]
    );
    assert!(
        Crypt4ghReader::open(&ranged, &bob())
            .unwrap()
            .header()
            .edit_list
            .is_none()
    );
    assert!(std::fs::metadata(&ranged).unwrap().len() < 80_000);

    // Re-encryption for a new recipient copies the data segments byte for byte.
    let re = dir.path().join("re.c4gh");
    run(genofed()
        .args([
            "crypt4gh",
            "reencrypt",
            "--sk",
            &p(&keys("bob.sec")),
            "--recipient-pk",
            &p(&dave_pk),
            "-i",
            &p(&enc),
            "-o",
            &p(&re),
        ])
        .env_remove("C4GH_PASSPHRASE"));
    assert_eq!(oracle(&re, &dave_sk, Some("correct horse")), data);
    let (a, b) = (std::fs::read(&enc).unwrap(), std::fs::read(&re).unwrap());
    let data_len = 3 * crypt4gh::CIPHER_SEGMENT_SIZE + 1234 + 28;
    assert_eq!(
        a[a.len() - data_len..],
        b[b.len() - data_len..],
        "data segments copied untouched"
    );
    // …and with a range, the new header's edit list (applied by Python) restricts what the
    // recipient reads, and only the segments the range touches are copied.
    let reencrypt = |range: &str, input: &Path, output: &Path| -> std::process::Output {
        genofed()
            .args([
                "crypt4gh",
                "reencrypt",
                "--sk",
                &p(&keys("bob.sec")),
                "--recipient-pk",
                &p(&keys("bob.pub")),
                "--range",
                range,
                "-i",
                &p(input),
                "-o",
                &p(output),
            ])
            .env_remove("C4GH_PASSPHRASE")
            .output()
            .unwrap()
    };
    for (range, from, to, segments) in [
        ("65000-66000", 65_000, 66_000, 2),
        ("131073-131100", 131_073, 131_100, 1),
        ("190000", 190_000, data.len(), 2),
    ] {
        let re_ranged = dir.path().join("re-ranged.c4gh");
        assert!(
            reencrypt(range, &enc, &re_ranged).status.success(),
            "{range}"
        );
        assert_eq!(
            oracle(&re_ranged, &keys("bob.sec"), None),
            data[from..to],
            "{range}"
        );
        let reader = Crypt4ghReader::open(&re_ranged, &bob()).unwrap();
        assert!(reader.header().edit_list.is_some());
        assert_eq!(
            reader
                .plaintext_len()
                .div_ceil(crypt4gh::SEGMENT_SIZE as u64),
            segments,
            "{range}: segments copied"
        );
        assert_eq!(decrypt_all(&re_ranged, &bob()), data[from..to], "{range}");
        // A second range composes with the edit list already there.
        let twice = dir.path().join("twice.c4gh");
        assert!(reencrypt("10-20", &re_ranged, &twice).status.success());
        assert_eq!(
            oracle(&twice, &keys("bob.sec"), None),
            data[from + 10..from + 20],
            "{range} then 10-20"
        );
    }
    // A range past the end keeps nothing: refused rather than written as an empty list.
    let out = reencrypt("999999999", &enc, &dir.path().join("empty.c4gh"));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("keeps no bytes"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn passphrase_keys_from_the_python_library() {
    let dir = tempfile::tempdir().unwrap();
    for kdf in ["scrypt", "bcrypt"] {
        let sk = dir.path().join(format!("{kdf}.sec"));
        let pk = dir.path().join(format!("{kdf}.pub"));
        let script = format!(
            "import crypt4gh.keys.c4gh as c; c.scrypt_supported = ({kdf:?} == 'scrypt'); c.generate({:?}, {:?}, b'open sesame', b'comment')",
            sk.to_str().unwrap(),
            pk.to_str().unwrap()
        );
        run(Command::new(python()).args(["-c", &script]));
        let text = std::fs::read_to_string(&sk).unwrap();
        let key = PrivateKey::parse(&sk, &text, Some("open sesame"))
            .unwrap_or_else(|e| panic!("{kdf}: {e}"));
        assert_eq!(key.public_key(), PublicKey::read(&pk).unwrap(), "{kdf}");
        let wrong = PrivateKey::parse(&sk, &text, Some("open barley"))
            .unwrap_err()
            .to_string();
        assert!(wrong.contains("wrong passphrase"), "{kdf}: {wrong}");
        let missing = PrivateKey::parse(&sk, &text, None).unwrap_err().to_string();
        assert!(
            missing.contains("protected by a passphrase"),
            "{kdf}: {missing}"
        );
    }
}
