//! The DynamoDB adapter. One table: `pk` (hash) and `sk` (range) strings, the JSON document
//! in `data`, `version`, and `expires_at` as the table's TTL attribute. Counters are items
//! of their own with a number attribute `value`.
//!
//! DynamoDB deletes expired items only eventually (emulators never do), so every read and
//! every condition also treats `expires_at <= now` as absent.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::operation::put_item::builders::PutItemFluentBuilder;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ReturnValue,
    ScalarAttributeType, TimeToLiveSpecification,
};

use super::{Item, NewItem, Page, Query, Store, StoreError, page_from};
use crate::clock::Clock;

pub struct DynamoStore {
    client: Client,
    table: String,
    clock: Arc<dyn Clock>,
}

/// Any SDK failure: a failed condition is typed, everything else is the backend's.
fn backend_error<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + aws_sdk_dynamodb::error::ProvideErrorMetadata + 'static,
    R: std::fmt::Debug,
{
    let code = err.as_service_error().and_then(|e| e.code());
    let detail = || DisplayErrorContext(&err).to_string();
    match (&err, code) {
        (_, Some("ConditionalCheckFailedException")) => StoreError::ConditionFailed,
        // Not reached, not in time, or not now: trying again later may work.
        (
            SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) | SdkError::ResponseError(_),
            _,
        )
        | (
            _,
            Some(
                "ProvisionedThroughputExceededException"
                | "ThrottlingException"
                | "RequestLimitExceeded"
                | "InternalServerError"
                | "ServiceUnavailable",
            ),
        ) => StoreError::Unavailable(detail()),
        _ => StoreError::Backend(detail()),
    }
}

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_string())
}

fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn number<T: std::str::FromStr>(attrs: &HashMap<String, AttributeValue>, name: &str) -> Option<T> {
    attrs.get(name)?.as_n().ok()?.parse().ok()
}

fn string(attrs: &HashMap<String, AttributeValue>, name: &str) -> Result<String, StoreError> {
    attrs
        .get(name)
        .and_then(|v| v.as_s().ok())
        .cloned()
        .ok_or_else(|| StoreError::Backend(format!("item without string attribute {name}")))
}

fn parse_item(attrs: &HashMap<String, AttributeValue>) -> Result<Item, StoreError> {
    let data = serde_json::from_str(&string(attrs, "data")?)
        .map_err(|err| StoreError::Backend(err.to_string()))?;
    Ok(Item {
        pk: string(attrs, "pk")?,
        sk: string(attrs, "sk")?,
        data,
        version: number(attrs, "version").unwrap_or(1),
        expires_at: number(attrs, "expires_at"),
    })
}

/// A live item: no expiry, or an expiry still ahead of `:now`.
const LIVE: &str = "(attribute_not_exists(expires_at) OR expires_at > :now)";

impl DynamoStore {
    pub fn new(client: Client, table: String, clock: Arc<dyn Clock>) -> Self {
        Self {
            client,
            table,
            clock,
        }
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    /// A client configured the standard way (`AWS_ENDPOINT_URL`, `AWS_REGION`, credentials
    /// chain), with deadlines that fit within the store's ([`super::deadline`]).
    pub async fn from_env(table: String, clock: Arc<dyn Clock>) -> Self {
        let timeouts = aws_config::timeout::TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(1))
            .operation_attempt_timeout(Duration::from_millis(1500))
            .operation_timeout(Duration::from_millis(2900))
            .build();
        let config = crate::aws::sdk_config(timeouts).await;
        Self::new(Client::new(&config), table, clock)
    }

    /// Creates the table (pay per request, TTL on `expires_at`) unless it exists: for local
    /// use and tests. In the cloud `template.yaml` creates it.
    pub async fn create_table(&self) -> Result<(), StoreError> {
        let key = |name: &str, key_type| {
            KeySchemaElement::builder()
                .attribute_name(name)
                .key_type(key_type)
                .build()
        };
        let attribute = |name: &str| {
            AttributeDefinition::builder()
                .attribute_name(name)
                .attribute_type(ScalarAttributeType::S)
                .build()
        };
        let created = self
            .client
            .create_table()
            .table_name(&self.table)
            .billing_mode(BillingMode::PayPerRequest)
            .key_schema(key("pk", KeyType::Hash).map_err(|e| StoreError::Backend(e.to_string()))?)
            .key_schema(key("sk", KeyType::Range).map_err(|e| StoreError::Backend(e.to_string()))?)
            .attribute_definitions(attribute("pk").map_err(|e| StoreError::Backend(e.to_string()))?)
            .attribute_definitions(attribute("sk").map_err(|e| StoreError::Backend(e.to_string()))?)
            .send()
            .await;
        match created {
            Ok(_) => {}
            Err(err)
                if err
                    .as_service_error()
                    .is_some_and(|e| e.is_resource_in_use_exception()) =>
            {
                return Ok(());
            }
            Err(err) => return Err(backend_error(err)),
        }
        let ttl = TimeToLiveSpecification::builder()
            .attribute_name("expires_at")
            .enabled(true)
            .build()
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        self.client
            .update_time_to_live()
            .table_name(&self.table)
            .time_to_live_specification(ttl)
            .send()
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    fn put_request(&self, item: &NewItem, version: u64) -> PutItemFluentBuilder {
        let mut request = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", s(&item.pk))
            .item("sk", s(&item.sk))
            .item("data", s(&item.data.to_string()))
            .item("version", n(version));
        if let Some(at) = item.expires_at {
            request = request.item("expires_at", n(at));
        }
        request
    }

    fn stored(item: NewItem, version: u64) -> Item {
        Item {
            pk: item.pk,
            sk: item.sk,
            data: item.data,
            version,
            expires_at: item.expires_at,
        }
    }
}

#[async_trait]
impl Store for DynamoStore {
    async fn create(&self, item: NewItem) -> Result<Item, StoreError> {
        self.put_request(&item, 1)
            .condition_expression("attribute_not_exists(pk) OR NOT ".to_string() + LIVE)
            .expression_attribute_values(":now", n(self.clock.now()))
            .send()
            .await
            .map_err(backend_error)?;
        Ok(Self::stored(item, 1))
    }

    async fn put(&self, item: NewItem) -> Result<Item, StoreError> {
        // The version follows the live item's; an expired one starts over at 1.
        loop {
            let current = self.get(&item.pk, &item.sk).await?;
            match current {
                Some(live) => match self.update(item.clone(), live.version).await {
                    Err(StoreError::ConditionFailed) => continue,
                    other => return other,
                },
                None => match self.create(item.clone()).await {
                    Err(StoreError::ConditionFailed) => continue,
                    other => return other,
                },
            }
        }
    }

    async fn update(&self, item: NewItem, expected_version: u64) -> Result<Item, StoreError> {
        self.put_request(&item, expected_version + 1)
            .condition_expression(format!("version = :expected AND {LIVE}"))
            .expression_attribute_values(":expected", n(expected_version))
            .expression_attribute_values(":now", n(self.clock.now()))
            .send()
            .await
            .map_err(backend_error)?;
        Ok(Self::stored(item, expected_version + 1))
    }

    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", s(pk))
            .key("sk", s(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(backend_error)?;
        let now = self.clock.now();
        output
            .item
            .filter(|attrs| number::<i64>(attrs, "expires_at").is_none_or(|at| at > now))
            .map(|attrs| parse_item(&attrs))
            .transpose()
    }

    async fn delete(&self, pk: &str, sk: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("pk", s(pk))
            .key("sk", s(sk))
            .send()
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    async fn query(&self, pk: &str, query: &Query) -> Result<Page, StoreError> {
        // Limit counts items before the expiry filter, so keep reading until one more than
        // the page holds is in hand (proof of a next page) or the partition is exhausted.
        let wanted = query.limit + 1;
        let mut items = Vec::new();
        let mut start = query
            .after
            .as_ref()
            .map(|after| HashMap::from([("pk".to_string(), s(pk)), ("sk".to_string(), s(after))]));
        loop {
            let mut request = self
                .client
                .query()
                .table_name(&self.table)
                .filter_expression(LIVE)
                .expression_attribute_values(":pk", s(pk))
                .expression_attribute_values(":now", n(self.clock.now()));
            // DynamoDB refuses an empty string in a key condition: no prefix, no begins_with.
            request = if query.prefix.is_empty() {
                request.key_condition_expression("pk = :pk")
            } else {
                request
                    .key_condition_expression("pk = :pk AND begins_with(sk, :prefix)")
                    .expression_attribute_values(":prefix", s(&query.prefix))
            };
            let output = request
                .scan_index_forward(!query.descending)
                .consistent_read(true)
                .limit((wanted - items.len()) as i32)
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(backend_error)?;
            for attrs in output.items() {
                items.push(parse_item(attrs)?);
            }
            match output.last_evaluated_key {
                Some(key) if items.len() < wanted => start = Some(key),
                _ => break,
            }
        }
        Ok(page_from(items, query.limit))
    }

    async fn increment(&self, pk: &str, sk: &str, by: i64) -> Result<i64, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", s(pk))
            .key("sk", s(sk))
            .update_expression("ADD #value :by")
            .expression_attribute_names("#value", "value")
            .expression_attribute_values(":by", n(by))
            .return_values(ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(backend_error)?;
        output
            .attributes
            .as_ref()
            .and_then(|attrs| number(attrs, "value"))
            .ok_or_else(|| StoreError::Backend("counter update returned no value".into()))
    }
}
