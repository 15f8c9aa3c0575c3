#!/usr/bin/env python3
"""A TLS front for rds_sim, so that benchmarks measure the exporter as it talks to AWS: over HTTPS.

    python3 bench/tls_front.py --listen PORT --target PORT --cert CERT.pem --key KEY.pem

Accepts TLS on 127.0.0.1:LISTEN with the given certificate and relays each connection's bytes, unchanged, to
127.0.0.1:TARGET (rds_sim's plain HTTP). Prints "listening" once ready. Standard library only."""
import argparse
import asyncio
import ssl


async def relay(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
        pass
    finally:
        try:
            writer.close()
        except (ConnectionError, ssl.SSLError, RuntimeError):
            pass


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    async def connection(client_reader, client_writer):
        try:
            sim_reader, sim_writer = await asyncio.open_connection("127.0.0.1", args.target)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(relay(client_reader, sim_writer), relay(sim_reader, client_writer))

    server = await asyncio.start_server(connection, "127.0.0.1", args.listen, ssl=context)
    print("listening", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
