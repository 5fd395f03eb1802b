"""factory_boy factories; reference data (regions A–H) comes from load_reference_data."""

import factory

from regions.access import Role
from regions.models import Membership, ProcurementRegion, Region, User

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    name = factory.Faker("name", locale="sv_SE")
    email = factory.Sequence(lambda n: f"person{n}@hallbar.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATOR


def procurement_region(letter: str) -> ProcurementRegion:
    return ProcurementRegion.objects.get(letter=letter)


def region(short_name: str) -> Region:
    return Region.objects.get(short_name=short_name)


def member(role: str, *, region=None, procurement_region=None, **user_fields) -> User:
    """A user holding one role, nationally or in a region or procurement region."""
    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, role=role, region=region, procurement_region=procurement_region)
    return user


def supplier_contact(supplier, **user_fields) -> User:
    """A supplier's contact person (the role "Leverantörskontakt"), answering for ``supplier``."""
    from regions.access import Role
    from revisioner.models import SupplierContact

    user = UserFactory(**user_fields)
    Membership.objects.create(user=user, role=Role.SUPPLIER_CONTACT)
    SupplierContact.objects.create(user=user, supplier=supplier)
    return user


def upload(name="intyg.pdf", content=b"%PDF-1.4\n% evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"):
    """An uploaded file as a browser sends it (a small PDF unless told otherwise)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
