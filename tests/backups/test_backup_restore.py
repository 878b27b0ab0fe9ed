"""make backup / make restore: a restored copy equals the original, table by table and file by file.

Transactional (the dump tools read committed data from their own connection), so these run after the others.
"""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

from rembug.accounts.models import User
from rembug.backups.services import BackupError, backup_create, backup_restore, database_fingerprint
from rembug.regions.models import Region
from rembug.regions.services import regions_load_malang

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _regions():
    """An earlier transactional test may have emptied the database (and the session's regions with it)."""
    if not Region.objects.filter(code="35.73.05.1011").exists():
        regions_load_malang()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "foto").mkdir(parents=True)
    (settings.MEDIA_ROOT / "foto" / "gang.jpg").write_bytes(b"foto asli")
    return settings.MEDIA_ROOT


def test_a_restored_copy_equals_the_original(person, media, tmp_path):
    chair = person("ketua_rt", "35.73.05.1011.03.001")
    original = database_fingerprint()
    assert original["accounts_user"]["rows"] >= 1 and original["regions_region"]["rows"] > 600
    archive = backup_create(tmp_path / "cadangan")

    # Life goes on after the backup: rows added, changed and deleted, a photo replaced and one added.
    person("ketua_rw", "35.73.05.1011.03")
    Region.objects.filter(code="35.73.05.1011").update(name="Diubah")
    User.objects.filter(pk=chair.pk).update(full_name="Nama lain")
    (media / "foto" / "gang.jpg").write_bytes(b"foto pengganti")
    (media / "foto" / "baru.jpg").write_bytes(b"baru")
    assert database_fingerprint() != original

    out = io.StringIO()
    call_command("restore", str(archive), "--yes", stdout=out)
    assert database_fingerprint() == original
    assert Region.objects.get(code="35.73.05.1011").name == "Lowokwaru"
    assert (media / "foto" / "gang.jpg").read_bytes() == b"foto asli"
    assert not (media / "foto" / "baru.jpg").exists()
    assert "sama persis" in out.getvalue()


def test_a_restore_that_does_not_match_its_manifest_is_named(media, tmp_path):
    archive = backup_create(tmp_path / "cadangan.tar.gz")
    forged = tmp_path / "palsu.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.load(data)
                manifest["tables"]["regions_region"]["rows"] += 1
                payload = json.dumps(manifest).encode()
                member.size = len(payload)
                data = io.BytesIO(payload)
            target.addfile(member, data)
    with pytest.raises(BackupError, match="regions_region"):
        backup_restore(forged)


def test_restore_asks_for_confirmation_and_refuses_other_files(media, tmp_path):
    archive = backup_create(tmp_path / "cadangan")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(archive))
    other = tmp_path / "lain.tar.gz"
    with tarfile.open(other, "w:gz") as target:
        target.addfile(tarfile.TarInfo("catatan.txt"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="bukan cadangan Rembug"):
        call_command("restore", str(other), "--yes")
