//! SQL of `parc_sealed_secrets`: which contexts (plugins) stored secrets
//! sealed with which key, so that a lost key file is noticed.

use super::{Db, StoreError, now, on_db};

/// Contexts that sealed secrets, with the fingerprint of the key they used,
/// by context.
pub async fn sealed(db: &Db) -> Result<Vec<(String, String)>, StoreError> {
    Ok(on_db!(db, pool => sqlx::query_as(
        "SELECT context, fingerprint FROM parc_sealed_secrets ORDER BY context",
    )
    .fetch_all(pool)
    .await?))
}

/// Records that `context` sealed a secret with the key of `fingerprint`.
pub async fn record(db: &Db, context: &str, fingerprint: &str) -> Result<(), StoreError> {
    let known: Option<String> = on_db!(db, pool => sqlx::query_scalar(
        "SELECT fingerprint FROM parc_sealed_secrets WHERE context = ?",
    )
    .bind(context)
    .fetch_optional(pool)
    .await?);
    if known.as_deref() == Some(fingerprint) {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    super::on_tx!(&mut tx, c => {
        sqlx::query("DELETE FROM parc_sealed_secrets WHERE context = ?")
            .bind(context)
            .execute(&mut **c)
            .await?;
        sqlx::query(
            "INSERT INTO parc_sealed_secrets (context, fingerprint, date_creation) VALUES (?, ?, ?)",
        )
        .bind(context)
        .bind(fingerprint)
        .bind(now())
        .execute(&mut **c)
        .await?;
    });
    tx.commit().await
}

/// Forgets every record (the key was reset); returns the contexts.
pub async fn forget_all(db: &Db) -> Result<Vec<String>, StoreError> {
    let contexts: Vec<String> = sealed(db).await?.into_iter().map(|(c, _)| c).collect();
    on_db!(db, pool => { sqlx::query("DELETE FROM parc_sealed_secrets").execute(pool).await?; });
    Ok(contexts)
}
