//! A seal key rotation finished at once (`reseal`, in `xwg-local` and `xwg-keeper`): after
//! new keys are given with the old ones still listed, every stored secret of the directory's
//! users — the XMPP password (the keeper's credential key), the TOTP secret and the VAPID
//! key (the functions' seal key) — is sealed again under the new keys, so the old ones can
//! go; a second run finds nothing left to do.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use tests::{Gateway, keeper_config, register_user};
use xwg_core::config::KeeperConfig;
use xwg_core::seal::{SealKeys, Sealer};

fn keys(id: &str, byte: u8) -> SealKeys {
    SealKeys::new(vec![(id.to_string(), [byte; 32])]).unwrap()
}

#[tokio::test]
async fn after_a_rotation_reseal_leaves_nothing_under_the_old_keys() {
    // The gateway as it ran: the credential key below, the seal key of the tests' config.
    let old_credential = [0x11u8; 32];
    let keeper = KeeperConfig {
        credential_keys: SealKeys::single(old_credential),
        ..keeper_config(Duration::from_secs(600))
    };
    let (gw, store) = Gateway::builder()
        .keeper(keeper)
        .spawn_keeping_store()
        .await;
    let (user, password) = register_user("reseal");
    let token = gw.login(&user, &password).await;
    gw.enrol_totp(&user, &password).await;
    let vapid = gw.rest(Method::GET, "webpush/vapidkey", &token, "").await;
    assert_eq!(vapid.status(), 200);

    // New keys first, the old ones still listed (by any id: they sealed without one).
    let rotated = KeeperConfig {
        credential_keys: keys("k2", 0x22)
            .then(SealKeys::new(vec![("k1".into(), old_credential)]).unwrap())
            .unwrap(),
        seal_keys: Some(keys("k2", 0x33).then(keys("k1", 0x6d)).unwrap()),
        ..keeper_config(Duration::from_secs(600))
    };
    let tally = local::reseal::reseal_all(store.as_ref(), &rotated)
        .await
        .unwrap();
    assert_eq!((tally.again, tally.unreadable), (3, 0), "{tally:?}");

    // The new keys alone open everything.
    let credentials = Sealer::new(&keys("k2", 0x22));
    let functions = Sealer::new(&keys("k2", 0x33));
    let stored = |pk: String, sk: &'static str| {
        let store = Arc::clone(&store);
        async move { store.get(&pk, sk).await.unwrap().expect("stored").data }
    };
    let xmpp = stored(format!("credential#{user}"), "xmpp").await;
    assert_eq!(credentials.open_text(&xmpp, &user).unwrap(), password);
    let totp = stored(format!("totp#{user}"), "secret").await;
    assert!(
        functions
            .open(&totp["secret"], &format!("totp#{user}"))
            .is_ok()
    );
    let vapid = stored("push".into(), "vapid").await;
    assert!(functions.open(&vapid["private"], "push").is_ok());

    let again = local::reseal::reseal_all(store.as_ref(), &rotated)
        .await
        .unwrap();
    assert_eq!((again.again, again.current), (0, 3), "{again:?}");
}
