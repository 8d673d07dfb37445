//! The shapes golden crate against a real HTTP server on 127.0.0.1: every schema shape goes
//! from JSON into the generated types, through the client to a server that echoes the request
//! body, back into the types, and out as the same JSON. Unknown tags and values survive the trip.

use golden_shapes::types::{
    AppVersion, AppVersionKind, ApprovalMode, Level, ModifyAgentIdBody, NestedMode, Notification, OutputParserFormat,
    Pet, Priority, Record, RecordValue, Shape, Since, TargetType, Tier, Tree,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server that answers `POST route` with the request body.
async fn echo_server(route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(route))
        .respond_with(|request: &Request| {
            ResponseTemplate::new(200).set_body_raw(request.body.clone(), "application/json")
        })
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> golden_shapes::Client {
    golden_shapes::Client::builder().base_url(server.uri()).build().expect("client builds")
}

/// The JSON body of the last request the server received.
async fn last_body(server: &MockServer) -> Value {
    let requests = server.received_requests().await.expect("recording is on");
    let request = requests.last().expect("a request arrived");
    serde_json::from_slice(&request.body).expect("the client sent JSON")
}

/// `json` decoded as `T`, sent through `send`, echoed, decoded again: the server must have
/// received `json` and the decoded response must encode to `json` again.
async fn round_trip<T, F, Fut>(server: &MockServer, json: &Value, send: F) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
    F: FnOnce(T) -> Fut,
    Fut: std::future::Future<Output = Result<T, golden_shapes::Error>>,
{
    let typed: T = serde_json::from_value(json.clone()).expect("the JSON decodes");
    let back = send(typed).await.expect("the echo succeeds");
    assert_eq!(&last_body(server).await, json, "what the server received");
    assert_eq!(&serde_json::to_value(&back).expect("encodes"), json, "what came back");
    back
}

#[tokio::test]
async fn tagged_union_without_discriminator_round_trips_and_keeps_unknown_tags() {
    let server = echo_server("/echo/agent").await;
    let client = client(&server);
    let make_schema = json!({"name": "Agent", "outputParserFormat": {"type": "make-schema", "schema": [
        {"name": "field1", "type": "string", "label": "Field 1", "required": true},
        {"name": "nested", "type": "collection", "spec": [{"name": "x", "type": "text"}]}
    ]}});
    let text = json!({"outputParserFormat": {"type": "text", "undocumented": 1}});
    let unknown = json!({"outputParserFormat": {"type": "future-format", "options": {"a": [1, 2]}}});
    let untagged = json!({"outputParserFormat": {"schema": []}});
    for (json, expected) in [(make_schema, "MakeSchema"), (text, "Text"), (unknown, "Other"), (untagged, "Other")] {
        let body: ModifyAgentIdBody = round_trip(&server, &json, |body| client.shapes().echo_agent(body).send()).await;
        let variant = match body.output_parser_format {
            Some(OutputParserFormat::MakeSchema(format)) => {
                assert_eq!(format.schema.first().and_then(|f| f.name.as_deref()), Some("field1"));
                "MakeSchema"
            }
            Some(OutputParserFormat::Text(format)) => {
                // Undocumented fields of a known variant are kept, the tag is not among them.
                assert_eq!(format.extra.get("undocumented"), Some(&json!(1)));
                assert!(!format.extra.contains_key("type"));
                "Text"
            }
            Some(OutputParserFormat::Other(raw)) => {
                assert_eq!(Some(&raw), json.get("outputParserFormat"));
                "Other"
            }
            None => "none",
        };
        assert_eq!(variant, expected, "{json}");
    }
}

#[tokio::test]
async fn discriminator_with_mapping_decides_the_variant_and_the_tag_sent() {
    let server = echo_server("/echo/pet").await;
    let client = client(&server);
    let cat = json!({"petType": "cat", "name": "Tom", "meow": true});
    match round_trip(&server, &cat, |pet| client.shapes().echo_pet(pet).send()).await {
        Pet::Cat(cat) => assert_eq!((cat.name.as_str(), cat.meow), ("Tom", Some(true))),
        other => panic!("expected a cat: {other:?}"),
    }
    let dog = json!({"petType": "dog", "name": "Rex", "bark": "woof"});
    assert!(matches!(round_trip(&server, &dog, |pet| client.shapes().echo_pet(pet).send()).await, Pet::Dog(_)));
    let bird = json!({"petType": "bird", "name": "Tweety", "wings": 2});
    assert!(matches!(round_trip(&server, &bird, |pet| client.shapes().echo_pet(pet).send()).await, Pet::Other(_)));
    // The variant, not a stale field, decides the tag on the wire.
    let mut rex: golden_shapes::types::Dog =
        serde_json::from_value(json!({"petType": "cat", "name": "Rex"})).expect("a dog with a stale tag");
    rex.bark = Some("woof".to_owned());
    client.shapes().echo_pet(Pet::Dog(Box::new(rex))).send().await.expect("sent");
    assert_eq!(last_body(&server).await, json!({"petType": "dog", "name": "Rex", "bark": "woof"}));
}

#[tokio::test]
async fn discriminator_without_mapping_uses_component_names() {
    let server = echo_server("/echo/shape").await;
    let client = client(&server);
    let circle = json!({"kind": "Circle", "radius": 1.5});
    match round_trip(&server, &circle, |s| client.shapes().echo_shape(s).send()).await {
        Shape::Circle(c) => assert_eq!(c.radius, 1.5),
        other => panic!("expected a circle: {other:?}"),
    }
    let triangle = json!({"kind": "Triangle", "sides": [3, 4, 5]});
    assert!(matches!(round_trip(&server, &triangle, |s| client.shapes().echo_shape(s).send()).await, Shape::Other(_)));
}

#[tokio::test]
async fn object_properties_beside_one_of_are_in_every_variant() {
    let server = echo_server("/echo/notification").await;
    let client = client(&server);
    let email = json!({"id": "n1", "createdAt": "2026-01-01T00:00:00Z", "channel": "email", "address": "a@b.c"});
    match round_trip(&server, &email, |n| client.shapes().echo_notification(n).send()).await {
        Notification::Email(e) => assert_eq!((e.id.as_str(), e.address.as_str()), ("n1", "a@b.c")),
        other => panic!("expected an email: {other:?}"),
    }
    let sms = json!({"id": "n2", "channel": "sms", "phone": "+1"});
    match round_trip(&server, &sms, |n| client.shapes().echo_notification(n).send()).await {
        Notification::Sms(s) => assert_eq!((s.id.as_str(), s.phone.as_deref()), ("n2", Some("+1"))),
        other => panic!("expected an sms: {other:?}"),
    }
}

#[tokio::test]
async fn open_enums_integer_enums_maps_and_untyped_values_round_trip() {
    let server = echo_server("/echo/record").await;
    let client = client(&server);
    let json = json!({
        "mode": "{{1.mode}}",
        "nestedMode": "high",
        "priority": 2,
        "level": -1,
        "anything": {"a": [1, {"b": null}]},
        "closed": {"a": "x", "b": 2},
        "loose": {"k": null},
        "counts": {"a": 1, "b": -2},
        "petsByName": {"tom": {"petType": "cat", "name": "Tom"}, "tweety": {"petType": "bird"}},
        "value": [1, "a", {"b": false}],
        "targetType": "AWSChatbotSlack",
        "fallbackTarget": "SNS",
        "untyped": {"any": true},
        "anyType": 3,
        "rawList": [1, "two", null],
        "nonEmpty": "x",
        "notInteger": "text",
        "contact": {"email": "e@x.example"},
        "withBase": {"petType": "cat", "name": "Tom", "note": "n"}
    });
    let record: Record = round_trip(&server, &json, |r| client.shapes().echo_record(r).send()).await;
    assert_eq!(record.mode, Some(ApprovalMode::Other("{{1.mode}}".to_owned())));
    assert_eq!(record.nested_mode, Some(NestedMode::High));
    assert_eq!(record.priority, Some(Priority::N2));
    assert_eq!(record.level, Some(Level::Unset));
    assert_eq!(record.counts.as_ref().and_then(|c| c.get("b")), Some(&-2));
    assert!(matches!(record.value, Some(RecordValue::Array(_))));
    assert_eq!(record.target_type, Some(TargetType::AwsChatbotSlack));
    assert_eq!(record.fallback_target, Some(TargetType::Sns));
    assert!(matches!(record.pets_by_name.as_ref().and_then(|p| p.get("tweety")), Some(Pet::Other(_))));

    // Known enum values and undocumented integers; nulls of nullable fields decode to `None`.
    let json = json!({"mode": "auto-run", "level": 7, "priority": 5});
    let record: Record = round_trip(&server, &json, |r| client.shapes().echo_record(r).send()).await;
    assert_eq!(record.mode, Some(ApprovalMode::AutoRun));
    assert_eq!(record.level, Some(Level::Other(7)));
    assert_eq!(record.priority, Some(Priority::Other(5)));
    let nulls: Record =
        serde_json::from_value(json!({"priority": null, "fallbackTarget": null, "nullableAnything": null}))
            .expect("nullable fields accept null");
    assert_eq!((nulls.priority, nulls.fallback_target, nulls.nullable_anything), (None, None, None));
}

#[tokio::test]
async fn recursive_types_behind_local_pointers_round_trip() {
    let server = echo_server("/echo/tree").await;
    let client = client(&server);
    let json = json!({"label": "root",
        "branch": {"weight": 1, "tree": {"label": "left", "next": {"tree": {"label": "deep"}}}},
        "next": {"weight": 2},
        "grown": {"label": "older", "age": 3, "grown": {"label": "oldest", "age": 9}}});
    let tree: Tree = round_trip(&server, &json, |t| client.shapes().echo_tree(t).send()).await;
    let left = tree.branch.and_then(|b| b.tree).expect("a nested tree");
    assert_eq!(left.label, "left");
    let oldest = tree.grown.and_then(|g| g.grown).expect("a grown tree in a grown tree");
    assert_eq!((oldest.label.as_str(), oldest.age), ("oldest", Some(9)));
}

#[tokio::test]
async fn primitive_union_path_and_query_parameters_are_sent_as_their_value() {
    let server = MockServer::start().await;
    for (route, version) in [("/apps/x/latest", json!("latest")), ("/apps/x/3", json!(3))] {
        Mock::given(method("GET"))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"version": version})))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path("/apps"))
        .and(query_param("limit", "5"))
        .and(query_param("since", "yesterday"))
        .and(query_param("tier", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"names": ["x"]})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let latest = client.apps().get_app("x", "latest".into()).send().await.expect("latest");
    assert_eq!(latest.version, Some(AppVersion::String(AppVersionKind::Latest)));
    let third = client.apps().get_app("x", 3.into()).since(Since::Integer(7)).send().await.expect("version 3");
    assert_eq!(third.version, Some(AppVersion::Integer(3)));
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.get(1).and_then(|r| r.url.query()), Some("since=7"));
    let apps = client.apps().list_apps().limit(5).since("yesterday".into()).tier(Tier::N2).send().await.expect("list");
    assert_eq!(apps.names, Some(vec!["x".to_owned()]));
}
