"""Looking users up by reference: an id (number or digits) or an email."""

from tessera.runtime.auth.users import create_user, find_user


def test_find_user_by_id_digits_or_email(engine):
    with engine.begin() as conn:
        ann = create_user(conn, email="ann@example.com", password="secret-pass", role="sales")
        for ref in (ann.id, str(ann.id), f" {ann.id} ", "ANN@example.com "):
            assert find_user(conn, ref).id == ann.id


def test_references_no_user_can_have_are_nobody_without_a_database_error(engine):
    # "²".isdigit() is true but int("²") fails; ids past 32 bits overflow SQLite and PostgreSQL.
    with engine.begin() as conn:
        create_user(conn, email="ann@example.com", password="secret-pass", role="sales")
        for ref in ("²", "١", 2**31, 2**63, 2**64, "9" * 30, -1, 0, True, None, 1.5, ["1"]):
            assert find_user(conn, ref) is None, ref
