//! Operations tagged `Organizations` that manage billing (`client.organizations()`): payments,
//! subscriptions, coupons and payment methods, against a real HTTP server on 127.0.0.1 — exact
//! request on the wire, decoding of realistic Make/Stripe-shaped responses, Make error responses.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ops_support;

use futures_util::TryStreamExt;
use make_com_api::types::{
    ChangeSubscriptionBody, CreateSinglePaymentBody, CreateSubscriptionBody, Customer, SetDefaultPaymentMethodBody,
    SortDir, Target,
};
use ops_support::{client, expect_api_error, expect_ok, make_error, mount, mount_error, op, server, verify};
use serde_json::json;

fn payment_json(id: &str, invoice_number: i64) -> serde_json::Value {
    json!({
        "id": id, "invoice_number": invoice_number, "created": "2024-06-01T09:12:44.000Z",
        "type_name": "subscription", "status_name": "paid", "product_name": { "en": "Core" },
        "payment_method": { "type": "card", "card": {
            "brand": "visa", "last4": "4242", "country": "CZ", "network": "visa",
            "exp_year": 2027, "exp_month": 8, "fingerprint": "Xt5EWLLDS7FJjR1c"
        }},
        "amount_total": 10.59, "currency_code": "USD",
        "invoice_url": "https://pay.stripe.com/invoice/acct_1/invst_1/pdf",
        "hosted_invoice_url": "https://invoice.stripe.com/i/acct_1/invst_1",
        "period_from": "2024-06-01", "period_to": "2024-07-01"
    })
}

/// A customer with every documented field set, and its wire form.
fn customer() -> (Customer, serde_json::Value) {
    let mut customer = Customer::new("billing@acme.example", "Acme s.r.o.", true, 58.0);
    customer.company_name = Some("Acme s.r.o.".into());
    customer.tax_id = Some("CZ12345678".into());
    customer.city = Some("Prague".into());
    customer.line1 = Some("Karlovo náměstí 10".into());
    customer.line2 = Some("Floor 3".into());
    customer.postal_code = Some("120 00".into());
    customer.state = Some("Prague".into());
    let wire = json!({
        "email": "billing@acme.example", "name": "Acme s.r.o.", "isBusiness": true, "companyName": "Acme s.r.o.",
        "taxId": "CZ12345678", "countryId": 58.0, "city": "Prague", "line1": "Karlovo náměstí 10",
        "line2": "Floor 3", "postalCode": "120 00", "state": "Prague"
    });
    (customer, wire)
}

#[tokio::test]
async fn list_past_payments_sends_paging_and_decodes_payments() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/payments")
        .params(&["11"])
        .query("pg[sortBy]=created&pg[offset]=0&pg[sortDir]=desc&pg[limit]=10");
    mount(&server, &expected, 200, json!({ "payments": [payment_json("in_1PQx2L", 1042)] })).await;
    let api = client(&server);
    let call =
        || api.organizations().list_past_payments(11).sort_by("created").offset(0).sort_dir(SortDir::Desc).limit(10);
    let payments = expect_ok(&server, call().send().await).await.payments.unwrap();
    verify(&server).await;
    let payment = &payments[0];
    assert_eq!((payment.id.as_deref(), payment.invoice_number), (Some("in_1PQx2L"), Some(1042)));
    assert_eq!((payment.amount_total, payment.currency_code.as_deref()), (Some(10.59), Some("USD")));
    assert_eq!(payment.period_to.as_deref(), Some("2024-07-01"));
    assert_eq!(payment.product_name.as_ref().unwrap().get("en"), Some(&json!("Core")));
    let method = payment.payment_method.as_ref().unwrap();
    assert_eq!(method.type_.as_deref(), Some("card"));
    let card = method.card.as_ref().unwrap();
    assert_eq!((card.brand.as_deref(), card.last4.as_deref(), card.exp_year), (Some("visa"), Some("4242"), Some(2027)));

    let body = make_error("Permission denied", "SC403", "Only organization owners can see payments.");
    mount_error(&server, &expected, 403, body.clone()).await;
    expect_api_error(call().send().await, 403, &body);
}

#[tokio::test]
async fn list_past_payments_stream_walks_the_pages() {
    let server = server().await;
    for (offset, ids) in [(0, vec!["in_1", "in_2"]), (2, vec!["in_3", "in_4"]), (4, vec![])] {
        let expected = op("GET", "/organizations/{organizationId}/payments")
            .params(&["11"])
            .query(&format!("pg[offset]={offset}&pg[limit]=2"));
        let payments: Vec<_> = ids.iter().map(|id| payment_json(id, 1000)).collect();
        mount(&server, &expected, 200, json!({ "payments": payments })).await;
    }
    let stream = client(&server).organizations().list_past_payments(11).limit(2).stream();
    let payments: Vec<_> = expect_ok(&server, stream.try_collect().await).await;
    verify(&server).await;
    let ids: Vec<_> = payments.iter().map(|payment| payment.id.clone().unwrap()).collect();
    assert_eq!(ids, ["in_1", "in_2", "in_3", "in_4"]);
}

#[tokio::test]
async fn create_single_payment_sends_the_price_and_returns_the_raw_value() {
    let server = server().await;
    let expected = op("POST", "/organizations/{organizationId}/single-payment-create")
        .params(&["11"])
        .body(json!({ "priceId": 712.0, "quantity": 2.0, "couponCode": "SPRING24" }));
    let checkout = json!({ "url": "https://checkout.stripe.com/c/pay/cs_live_a1B2c3", "sessionId": 4711 });
    mount(&server, &expected, 200, checkout.clone()).await;
    let api = client(&server);
    let call = || {
        let mut body = CreateSinglePaymentBody::new(712.0, 2.0);
        body.coupon_code = Some("SPRING24".into());
        api.organizations().create_single_payment(11).body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response, checkout);

    let body = make_error("Invalid input parameters", "IM005", "Coupon SPRING24 has expired.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn get_subscription_decodes_product_price_and_coupon() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/subscription").params(&["11"]);
    let subscription = json!({ "product": {
        "id": 34, "name": "Core", "nextBill": "2024-07-01T00:00:00.000Z",
        "price": { "id": 712, "price": 10.59, "currencyCode": "USD", "period": "month" },
        "coupon": {
            "validFrom": "2024-06-01T00:00:00.000Z", "validTo": "2024-09-01T00:00:00.000Z", "price": 2.5,
            "currencyCode": "USD", "productId": 34, "productName": "Core"
        }
    }});
    mount(&server, &expected, 200, subscription).await;
    let api = client(&server);
    let product = expect_ok(&server, api.organizations().get_subscription(11).send().await).await.product.unwrap();
    verify(&server).await;
    assert_eq!((product.id, product.name.as_deref()), (Some(34.0), Some("Core")));
    assert_eq!(product.next_bill.as_deref(), Some("2024-07-01T00:00:00.000Z"));
    let price = product.price.unwrap();
    assert_eq!(
        (price.price, price.currency_code.as_deref(), price.period.as_deref()),
        (Some(10.59), Some("USD"), Some("month"))
    );
    let coupon = product.coupon.unwrap();
    assert_eq!((coupon.price, coupon.product_name.as_deref()), (Some(2.5), Some("Core")));
    assert_eq!(coupon.valid_to.as_deref(), Some("2024-09-01T00:00:00.000Z"));

    let body = make_error("Not found", "SC404", "The organization has no active subscription.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.organizations().get_subscription(11).send().await, 404, &body);
}

#[tokio::test]
async fn create_subscription_sends_price_coupon_and_customer() {
    let server = server().await;
    let (customer, customer_wire) = customer();
    let expected = op("POST", "/organizations/{organizationId}/subscription")
        .params(&["11"])
        .body(json!({ "priceId": 712.0, "couponCode": "SPRING24", "customer": customer_wire }));
    let created = json!({ "sessionId": 90812, "url": "https://checkout.stripe.com/c/pay/cs_live_a1B2c3", "subscriptionId": 5501 });
    mount(&server, &expected, 200, created).await;
    let api = client(&server);
    let call = || {
        let mut body = CreateSubscriptionBody::new(712.0);
        body.coupon_code = Some("SPRING24".into());
        body.customer = Some(customer.clone());
        api.organizations().create_subscription(11).body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!((response.session_id, response.subscription_id), (Some(90812.0), Some(5501.0)));
    assert_eq!(response.url.as_deref(), Some("https://checkout.stripe.com/c/pay/cs_live_a1B2c3"));

    let body = make_error("Invalid input parameters", "IM005", "The organization already has a subscription.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn cancel_subscription_decodes_ok() {
    let server = server().await;
    let expected = op("DELETE", "/organizations/{organizationId}/subscription").params(&["11"]);
    mount(&server, &expected, 200, json!({ "ok": 1 })).await;
    let api = client(&server);
    let response = expect_ok(&server, api.organizations().cancel_subscription(11).send().await).await;
    verify(&server).await;
    assert_eq!(response.ok, Some(1));

    let body = make_error("Not found", "SC404", "The organization has no active subscription.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.organizations().cancel_subscription(11).send().await, 404, &body);
}

#[tokio::test]
async fn change_subscription_sends_the_new_price_and_customer() {
    let server = server().await;
    let (customer, customer_wire) = customer();
    let expected = op("PATCH", "/organizations/{organizationId}/subscription")
        .params(&["11"])
        .body(json!({ "priceId": 713.0, "customer": customer_wire }));
    mount(&server, &expected, 200, json!({ "ok": 1 })).await;
    let api = client(&server);
    let call = || {
        let mut body = ChangeSubscriptionBody::new(713.0);
        body.customer = Some(customer.clone());
        api.organizations().change_subscription(11).body(body)
    };
    assert_eq!(expect_ok(&server, call().send().await).await.ok, Some(1));
    verify(&server).await;

    let body = make_error("Invalid input parameters", "IM005", "Price 713 is not available in your zone.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn set_free_plan_subscription_sends_confirmed() {
    let server = server().await;
    let expected =
        op("POST", "/organizations/{organizationId}/subscription-free").params(&["11"]).query("confirmed=true");
    mount(&server, &expected, 200, json!({ "customerId": 880021, "subscriptionId": 5502 })).await;
    let api = client(&server);
    let response =
        expect_ok(&server, api.organizations().set_free_plan_subscription(11).confirmed(true).send().await).await;
    verify(&server).await;
    assert_eq!((response.customer_id, response.subscription_id), (Some(880_021), Some(5502)));

    let unconfirmed = op("POST", "/organizations/{organizationId}/subscription-free").params(&["11"]);
    let body = make_error("Confirmation required", "IM004", "Switching to the Free plan cancels the subscription.");
    mount_error(&server, &unconfirmed, 406, body.clone()).await;
    expect_api_error(api.organizations().set_free_plan_subscription(11).send().await, 406, &body);
}

#[tokio::test]
async fn apply_coupon_sends_the_code_as_query_without_a_body() {
    let server = server().await;
    let expected = op("POST", "/organizations/{organizationId}/subscription/coupon-apply")
        .params(&["11"])
        .query("couponCode=SPRING%2024");
    mount(&server, &expected, 200, json!({ "ok": 1 })).await;
    let api = client(&server);
    let response = expect_ok(&server, api.organizations().apply_coupon(11, "SPRING 24").send().await).await;
    verify(&server).await;
    assert_eq!(response, json!({ "ok": 1 }));

    let body = make_error("Not found", "SC404", "Coupon SPRING 24 does not exist.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.organizations().apply_coupon(11, "SPRING 24").send().await, 404, &body);
}

#[tokio::test]
async fn list_payment_method_types_decodes_types() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/subscription/payment-method-types").params(&["11"]);
    let types = json!({ "paymentMethodTypes": [
        { "value": "card", "label": "Card", "canBeDefaultForSubscription": true, "canBeDefaultForExtras": true },
        { "value": "sepa_debit", "label": "SEPA Direct Debit", "canBeDefaultForSubscription": true, "canBeDefaultForExtras": false }
    ]});
    mount(&server, &expected, 200, types).await;
    let api = client(&server);
    let types = expect_ok(&server, api.organizations().list_payment_method_types(11).send().await)
        .await
        .payment_method_types
        .unwrap();
    verify(&server).await;
    assert_eq!(types.len(), 2);
    assert_eq!((types[1].value.as_deref(), types[1].label.as_deref()), (Some("sepa_debit"), Some("SEPA Direct Debit")));
    assert_eq!(
        (types[1].can_be_default_for_subscription, types[1].can_be_default_for_extras),
        (Some(true), Some(false))
    );

    let body = make_error("Permission denied", "SC403", "Missing scope organizations:read.");
    mount_error(&server, &expected, 403, body.clone()).await;
    expect_api_error(api.organizations().list_payment_method_types(11).send().await, 403, &body);
}

#[tokio::test]
async fn list_payment_methods_decodes_methods_and_pagination() {
    let server = server().await;
    let expected = op("GET", "/organizations/{organizationId}/subscription/payment-methods").params(&["11"]);
    let methods = json!({
        "paymentMethods": [{
            "id": "pm_1PQx2LJ9k", "type": "card", "valid": true, "customerDefaultMethod": true,
            "customerDefaultExtrasMethod": false, "isImmediate": true, "created": "2024-05-20T14:03:11.000Z",
            "methodDetails": { "brand": "visa", "display_brand": "Visa", "last4": "4242" }
        }],
        "pg": { "sortBy": "created", "sortDir": "desc", "limit": 10, "offset": 0 }
    });
    mount(&server, &expected, 200, methods).await;
    let api = client(&server);
    let response = expect_ok(&server, api.organizations().list_payment_methods(11).send().await).await;
    verify(&server).await;
    let method = &response.payment_methods.unwrap()[0];
    assert_eq!((method.id.as_deref(), method.type_.as_deref()), (Some("pm_1PQx2LJ9k"), Some("card")));
    assert_eq!((method.customer_default_method, method.customer_default_extras_method), (Some(true), Some(false)));
    let details = method.method_details.as_ref().unwrap();
    assert_eq!((details.display_brand.as_deref(), details.last4.as_deref()), (Some("Visa"), Some("4242")));
    assert_eq!(response.pg.unwrap().sort_by.as_deref(), Some("created"));

    let body = make_error("Not found", "SC404", "Organization not found.");
    mount_error(&server, &expected, 404, body.clone()).await;
    expect_api_error(api.organizations().list_payment_methods(11).send().await, 404, &body);
}

#[tokio::test]
async fn delete_payment_method_encodes_the_id_as_one_segment() {
    let server = server().await;
    let expected = op("DELETE", "/organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}")
        .params(&["11", "pm_1PQx2LJ9k%2F..%2F..%2Fsubscription"]);
    mount(&server, &expected, 200, json!({ "ok": 1 })).await;
    let api = client(&server);
    let call = || api.organizations().delete_payment_method(11, "pm_1PQx2LJ9k/../../subscription");
    assert_eq!(expect_ok(&server, call().send().await).await.ok, Some(1));
    verify(&server).await;

    let body = make_error("Invalid input parameters", "IM005", "The default payment method cannot be deleted.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn set_default_payment_method_sends_the_target() {
    let server = server().await;
    let expected =
        op("PATCH", "/organizations/{organizationId}/subscription/payment-methods/{paymentMethodId}/default")
            .params(&["11", "pm_1PQx2LJ9k"])
            .body(json!({ "target": "both" }));
    let updated = json!({
        "paymentMethodId": "pm_1PQx2LJ9k", "paymentMethodType": "card",
        "isDefaultForSubscription": true, "isDefaultForExtras": true
    });
    mount(&server, &expected, 200, updated).await;
    let api = client(&server);
    let call = || {
        let body = SetDefaultPaymentMethodBody { target: Some(Target::Both), ..Default::default() };
        api.organizations().set_default_payment_method(11, "pm_1PQx2LJ9k").body(body)
    };
    let response = expect_ok(&server, call().send().await).await;
    verify(&server).await;
    assert_eq!(response.payment_method_id.as_deref(), Some("pm_1PQx2LJ9k"));
    assert_eq!((response.is_default_for_subscription, response.is_default_for_extras), (Some(true), Some(true)));

    let body = make_error("Invalid input parameters", "IM005", "SEPA Direct Debit cannot pay for extras.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(call().send().await, 400, &body);
}

#[tokio::test]
async fn claim_cancellation_offer_posts_without_a_body() {
    let server = server().await;
    let expected =
        op("POST", "/organizations/{organizationId}/universal-discount/claim-cancellation-offer").params(&["11"]);
    mount(&server, &expected, 200, json!({ "ok": 1 })).await;
    let api = client(&server);
    assert_eq!(expect_ok(&server, api.organizations().claim_cancellation_offer(11).send().await).await.ok, Some(1));
    verify(&server).await;

    let body = make_error("Invalid input parameters", "IM005", "The cancellation offer was already claimed.");
    mount_error(&server, &expected, 400, body.clone()).await;
    expect_api_error(api.organizations().claim_cancellation_offer(11).send().await, 400, &body);
}
