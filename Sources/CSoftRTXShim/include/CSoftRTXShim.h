// Linux calls Glibc's Swift overlay does not export: sockaddr_ll and the PACKET_* socket options,
// the TUNSETIFF ioctl, and struct ifreq (a union Swift imports awkwardly).
#pragma once

#include <sys/uio.h>

// Opens a nonblocking AF_PACKET SOCK_RAW socket for every protocol, bound to `ifindex`, deaf to
// its own transmissions, and a promiscuous member of the link; every frame read or written starts
// with a struct virtio_net_hdr (PACKET_VNET_HDR). Returns the fd, or -errno.
int softrtx_packet_open(int ifindex);

// Creates (or attaches to) the TAP device `name`, without packet information headers but with a
// struct virtio_net_hdr before every frame (IFF_VNET_HDR, checksum and TSO/USO offloads on), and
// brings its link up. Returns a nonblocking fd, or -errno.
int softrtx_tap_open(const char *name);

// Sends `count` frames, each given by two iovecs in `vectors` (its virtio_net_hdr, then the frame):
// on a socket with as few sendmmsg calls as the kernel allows, on a TAP one writev each. A full
// queue drops the rest; a frame the kernel refuses is skipped. Returns how many the kernel took,
// with the last errno in `error` (0 when all went).
int softrtx_send_frames(int fd, const struct iovec *vectors, unsigned int count, int is_socket, int *error);
